const encoder = new TextEncoder();

/** Keys are stored and compared as SHA-256 digests, never as plain text. */
export async function sha256Bytes(value: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(value));
}

export function bufferToHex(buffer: ArrayBuffer): string {
  let hex = "";
  for (const byte of new Uint8Array(buffer)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

export async function sha256Hex(value: string): Promise<string> {
  return bufferToHex(await sha256Bytes(value));
}

/**
 * Constant-time equality of two digests (both 32 bytes), so timing reveals nothing about a key. Keys are
 * never compared as text: both sides are hashed first, so even the length check only sees digest lengths.
 */
export function digestsEqual(left: ArrayBuffer, right: ArrayBuffer): boolean {
  if (left.byteLength !== right.byteLength) return false;
  const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?: (a: ArrayBuffer, b: ArrayBuffer) => boolean };
  if (typeof subtle.timingSafeEqual === "function") return subtle.timingSafeEqual(left, right);
  return bytesEqualInConstantTime(new Uint8Array(left), new Uint8Array(right));
}

/**
 * The portable fallback (workerd has `crypto.subtle.timingSafeEqual`): reads every byte of equally long
 * inputs whatever they hold, and folds the differences without branching, so it never stops at the
 * first mismatch.
 */
export function bytesEqualInConstantTime(left: ArrayLike<number>, right: ArrayLike<number>): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++) difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}

/** `ab12…` → its bytes; the digests stored in D1 are lowercase hex. */
export function hexToBuffer(hex: string): ArrayBuffer {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes.buffer;
}
