import type { FinishReason } from "./response.ts";
import type { Usage } from "./usage.ts";

/**
 * Canonical stream events. Decoders turn a provider's bytes into these;
 * encoders turn them into a client's event grammar. Every content block is
 * bracketed by start/end with a stable `index` (its position in the output),
 * and every stream ends with exactly one `finish` — or an `error` followed by
 * a `finish` with reason "error" — so encoders can always emit a complete
 * sequence (clients hang or loop without one; see ../shared/CLIENTS.md).
 */
export type IrStreamPart =
  | { type: "response-start"; id: string; model: string; usage?: Usage }
  | { type: "text-start"; index: number }
  | { type: "text-delta"; index: number; delta: string }
  | { type: "text-end"; index: number }
  | { type: "reasoning-start"; index: number; id?: string }
  | { type: "reasoning-delta"; index: number; delta: string }
  | { type: "reasoning-signature"; index: number; signature: string }
  | { type: "reasoning-redacted"; index: number; data: string }
  | { type: "reasoning-encrypted"; index: number; encryptedContent: string }
  | { type: "reasoning-end"; index: number }
  | { type: "tool-call-start"; index: number; id: string; name: string }
  | { type: "tool-call-delta"; index: number; argumentsDelta: string }
  | { type: "tool-call-end"; index: number }
  /** Usage known so far (may arrive before `finish`, e.g. Anthropic message_start input tokens). */
  | { type: "usage"; usage: Usage }
  | { type: "finish"; finishReason: FinishReason; rawFinishReason?: string; stopSequence?: string; usage: Usage }
  | { type: "error"; code: string; message: string };
