/**
 * A request body's bytes, or `undefined` as soon as they pass `maxBytes`.
 * With a content-length the runtime delivers exactly that many bytes, so a
 * declared size within the limit is read in one go (the fast path) and one
 * past it is refused unread. Without one (chunked transfer) the body is
 * counted chunk by chunk and the read cancelled at the limit, so a client
 * cannot make the isolate buffer more than `maxBytes`.
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared)) {
    if (Number(declared) > maxBytes) return undefined;
    const bytes = new Uint8Array(await request.arrayBuffer());
    // A content-length that understates the body (possible for in-process requests) is measured anyway.
    return bytes.byteLength > maxBytes ? undefined : bytes;
  }
  if (request.body === null) return new Uint8Array(0);
  return readStreamWithin(request.body, maxBytes);
}

async function readStreamWithin(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel("request body over the size limit");
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
