/**
 * `data:<media type>;base64,<data>` → its parts. Chat carries inline images
 * and files as data URLs (image_url.url, file.file_data); the IR keeps base64
 * sources apart so other formats need not re-parse them. Non-base64 data URLs
 * (percent-encoded text) are rare for media and are reported as unparseable.
 */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*);base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  const mediaType = match[1] ?? "";
  const data = match[3] ?? "";
  return { mediaType: mediaType === "" ? "application/octet-stream" : mediaType, data };
}

export function formatDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}
