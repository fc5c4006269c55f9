/**
 * The caller's key, from whichever header its SDK uses: `Authorization: Bearer`
 * (OpenAI SDKs, current @anthropic-ai/sdk, Claude Code's ANTHROPIC_AUTH_TOKEN),
 * `x-api-key` (Anthropic clients), `x-goog-api-key` (Gemini clients).
 */
export function extractApiKey(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1]) return match[1].trim();
  }
  const apiKey = headers.get("x-api-key") ?? headers.get("x-goog-api-key");
  if (apiKey !== null && apiKey.trim() !== "") return apiKey.trim();
  return undefined;
}

/** `sk-abc…xyz` style preview for error messages and listings; never the whole key. */
export function maskKey(key: string): string {
  if (key.length <= 8) return "***";
  return `${key.slice(0, 5)}***${key.slice(-4)}`;
}
