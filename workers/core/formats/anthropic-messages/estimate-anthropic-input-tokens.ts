/**
 * A local estimate for `POST /v1/messages/count_tokens` when the upstream
 * cannot count (it is not Anthropic): ~4 characters per token over the text
 * that becomes model input (system, messages, tool definitions). Claude Code
 * uses the count only to decide when to compact, so a close estimate suffices.
 */
export function estimateAnthropicInputTokens(body: Record<string, unknown>): number {
  let characters = 0;
  const add = (value: unknown) => {
    if (value !== undefined && value !== null)
      characters += typeof value === "string" ? value.length : JSON.stringify(value).length;
  };
  add(body.system);
  add(body.messages);
  add(body.tools);
  return Math.max(1, Math.ceil(characters / 4));
}
