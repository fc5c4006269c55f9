import type { ComponentChildren } from "preact";

export type BadgeTone = "ok" | "warn" | "bad" | "neutral";

export function Badge({ tone, children }: { tone: BadgeTone; children: ComponentChildren }) {
  return <span class={`badge ${tone}`}>{children}</span>;
}
