import type { CacheControl } from "../../ir/request.ts";

/** Anthropic's `cache_control` marker: `{ type: "ephemeral", ttl?: "5m" | "1h" }`. */
export interface AnthropicCacheControl {
  type: "ephemeral";
  ttl?: string;
}

export function fromAnthropicCacheControl(value: AnthropicCacheControl | null | undefined): CacheControl | undefined {
  if (value === null || value === undefined) return undefined;
  return value.ttl === undefined ? { type: "ephemeral" } : { type: "ephemeral", ttl: value.ttl };
}

/** Adds `cache_control` to an outbound block only when the IR part carries one. */
export function withAnthropicCacheControl<Block extends Record<string, unknown>>(
  block: Block,
  cacheControl: CacheControl | undefined,
): Block & { cache_control?: AnthropicCacheControl } {
  if (cacheControl === undefined) return block;
  const marker: AnthropicCacheControl =
    cacheControl.ttl === undefined ? { type: "ephemeral" } : { type: "ephemeral", ttl: cacheControl.ttl };
  return { ...block, cache_control: marker };
}
