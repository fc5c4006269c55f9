import type { IrReasoningPart } from "../../ir/request.ts";

/**
 * Responses clients (Codex) keep reasoning between turns only as the opaque
 * `encrypted_content` of a reasoning item, echoed back verbatim. When the
 * reasoning came from another provider (Anthropic thinking `signature`,
 * `redacted_thinking` data), we carry that proof in `encrypted_content` under
 * a prefix, so the next turn can rebuild the thinking block Anthropic insists
 * on in a tool-use loop. OpenAI's own encrypted content is base64 (no colon),
 * so the prefixes cannot collide with it.
 */
const SIGNATURE_PREFIX = "switchyard:signature:";
const REDACTED_PREFIX = "switchyard:redacted:";

export function toEncryptedContent(part: IrReasoningPart): string | undefined {
  if (part.encryptedContent !== undefined) return part.encryptedContent;
  if (part.signature !== undefined) return `${SIGNATURE_PREFIX}${part.signature}`;
  if (part.redactedData !== undefined) return `${REDACTED_PREFIX}${part.redactedData}`;
  return undefined;
}

export function fromEncryptedContent(
  value: string | null | undefined,
): Pick<IrReasoningPart, "encryptedContent" | "signature" | "redactedData"> {
  if (value === null || value === undefined || value === "") return {};
  if (value.startsWith(SIGNATURE_PREFIX)) return { signature: value.slice(SIGNATURE_PREFIX.length) };
  if (value.startsWith(REDACTED_PREFIX)) return { redactedData: value.slice(REDACTED_PREFIX.length) };
  return { encryptedContent: value };
}
