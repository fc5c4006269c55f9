/**
 * `data:<media type>[;params];base64,<data>` → its parts; anything else
 * (an https URL) → undefined. OpenAI accepts images and files inline as data
 * URLs, while Anthropic and Gemini want the media type and base64 separately.
 */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)(?:;[^;,]+)*;base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  const [, mediaType, data] = match;
  if (mediaType === undefined || data === undefined) return undefined;
  return { mediaType, data };
}
