/**
 * Gemini 2.x and older control thinking with `thinkingBudget` (tokens) and
 * never validate thought signatures; Gemini 3 and later take `thinkingLevel`
 * and require signatures on function calls
 * (https://ai.google.dev/gemini-api/docs/thinking, …/thought-signatures).
 * Unknown names (aliases such as `gemini-flash-latest`) are treated as current.
 */
export function usesThinkingBudget(upstreamModel: string): boolean {
  return /(^|\/)gemini-(1|2)([.-]|$)/i.test(upstreamModel);
}
