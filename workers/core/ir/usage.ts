/**
 * Canonical token usage. Providers count differently (Anthropic's input excludes
 * cached tokens, OpenAI's includes them; Gemini's output excludes thinking), so
 * each format adapter normalizes once into this shape and pricing reads only it.
 */
export interface Usage {
  inputTokens: { total: number; noCache: number; cacheRead: number; cacheWrite: number };
  outputTokens: { total: number; text: number; reasoning: number };
  raw?: unknown;
}

export function emptyUsage(): Usage {
  return {
    inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 0, text: 0, reasoning: 0 },
  };
}
