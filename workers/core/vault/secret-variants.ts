/**
 * The spellings in which a secret can come back in a response body or header: as is, percent-encoded
 * (upper and lower hex, `+` for spaces as in forms), JSON-escaped, and base64 (standard and URL-safe)
 * at each of the three byte alignments it can have inside a longer encoded string, e.g. an echoed
 * `Authorization: Basic base64(user:secret)`. For base64 only the characters that depend on the secret
 * alone are kept, so the fragment matches whatever surrounds it.
 */
const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Base64 characters fully determined by the secret's bytes when it starts `offset` bytes into a 3-byte group. */
function base64Fragment(secret: Uint8Array, offset: number): string {
  const padded = new Uint8Array(offset + secret.length + 2);
  padded.set(secret, offset);
  const encoded = toBase64(padded);
  const first = Math.ceil((8 * offset) / 6);
  const last = Math.floor((8 * (offset + secret.length) - 6) / 6);
  return encoded.slice(first, last + 1);
}

function lowerPercentHex(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (encoded) => encoded.toLowerCase());
}

/** Distinct spellings, longest first (so a longer spelling wins over one it contains). */
export function secretVariants(secret: string): string[] {
  const bytes = encoder.encode(secret);
  const percent = encodeURIComponent(secret);
  const variants = new Set<string>([
    secret,
    percent,
    lowerPercentHex(percent),
    percent.replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1),
  ]);
  for (const offset of [0, 1, 2]) {
    const fragment = base64Fragment(bytes, offset);
    // Short fragments would match unrelated base64; a secret of MIN_SECRET_CHARS gives 9+ characters.
    if (fragment.length < 8) continue;
    variants.add(fragment);
    variants.add(fragment.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...variants].filter((variant) => variant.length > 0).sort((a, b) => b.length - a.length);
}
