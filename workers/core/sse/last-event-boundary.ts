/**
 * The offset just past the last complete SSE event in `bytes` (a blank line:
 * LF LF, CR CR, or CRLF CRLF), or 0 when there is none. Lets a pass-through
 * forward whole events only, byte for byte, carrying the tail to the next chunk.
 */
export function lastEventBoundary(bytes: Uint8Array): number {
  for (let index = bytes.length - 1; index >= 1; index--) {
    const current = bytes[index];
    const previous = bytes[index - 1];
    if (current === 10 && previous === 10) return index + 1;
    if (current === 13 && previous === 13) return index + 1;
    if (current === 10 && previous === 13 && index >= 3 && bytes[index - 2] === 10 && bytes[index - 3] === 13)
      return index + 1;
  }
  return 0;
}

export function concatBytes(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === 0) return right;
  const joined = new Uint8Array(left.length + right.length);
  joined.set(left, 0);
  joined.set(right, left.length);
  return joined;
}
