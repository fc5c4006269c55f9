/** More terms add little to ranking and make every query slower. */
const MAX_TERMS = 32;

/**
 * Turns free text into an FTS5 MATCH expression: each word becomes a quoted
 * term (so FTS5 syntax in the input — `AND`, `NEAR`, `*`, `:`, quotes — is
 * just text) and terms are OR-ed, so bm25 ranks memories matching more of
 * the words first. Undefined when the text has no words to search for.
 */
export function ftsMatchQuery(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const terms = [...new Set(words)].slice(0, MAX_TERMS);
  if (terms.length === 0) return undefined;
  return terms.map((term) => `"${term}"`).join(" OR ");
}
