import { vi } from "vitest";

export interface RecordedUpstreamRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

type UpstreamHandler = (request: Request, body: string) => Response | Promise<Response>;

/**
 * Replaces the global fetch (which the gateway shares with the tests, since
 * both run in one isolate) with handlers keyed by origin, and records every
 * request the gateway sends upstream. Unknown origins fail like a dead host.
 */
export function mockUpstreams(handlers: Record<string, UpstreamHandler>) {
  const requests: RecordedUpstreamRequest[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const body = await request.text();
    requests.push({ url: request.url, method: request.method, headers: request.headers, body });
    const handler = handlers[new URL(request.url).origin];
    if (handler === undefined) throw new TypeError(`Network connection lost (no mock for ${request.url})`);
    return handler(request, body);
  });
  return { requests, restore: () => spy.mockRestore() };
}

/** SSE bytes split into chunks at the given sizes, to exercise awkward boundaries. */
export function chunkedStream(text: string, chunkSizes: number[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let index = 0;
  while (offset < bytes.length) {
    const size = chunkSizes[index % chunkSizes.length] ?? bytes.length;
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
    index++;
  }
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}
