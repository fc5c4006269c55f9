import type { ModelRequestScope } from "../pipeline/model-request-scope.ts";
import type { RequestOutcome } from "../pipeline/record-request.ts";
import { cacheEntry } from "./cache-entry.ts";
import { captureStreamBytes } from "./capture-stream-bytes.ts";

/**
 * The largest answer kept, in bytes. LiteLLM's in-memory cache skips items
 * over 1 MB; long agent streams are bigger in SSE framing, and the copy lives
 * in isolate memory (128 MB) until the stream ends, so 4 MiB.
 */
export const MAX_CACHED_BYTES = 4 * 1024 * 1024;

export interface StoreTarget {
  cache: Cache;
  request: Request;
  ttlSeconds: number;
}

function put(target: StoreTarget, bytes: Uint8Array, headers: Headers): Promise<void> {
  return target.cache
    .put(target.request, cacheEntry(bytes, headers, target.ttlSeconds, Date.now()))
    .catch((error: unknown) => {
      console.error("response cache: the answer could not be stored", error);
    });
}

/**
 * The request's recorded outcome. The forwarders record a stream's outcome
 * when it ends (for the fast path, after usage is decoded), through the
 * scope's onRecorded, so this chains onto it: it is the only place that knows
 * whether the stream finished cleanly or was cut and closed by the gateway.
 */
function recordedOutcome(scope: ModelRequestScope): Promise<RequestOutcome> {
  return new Promise((resolve) => {
    const notify = scope.onRecorded;
    scope.onRecorded = (outcome) => {
      notify(outcome);
      resolve(outcome);
    };
  });
}

/**
 * Stores the upstream's 200 answer while handing it to the client. A JSON
 * answer is stored as sent, unless it was assembled from a budget-metered
 * stream: that one may have been cut short by the budget, and its outcome was
 * recorded before this point, out of sight. A stream is copied as it flows
 * and stored only when it ran to its end and was recorded without an error:
 * a cut stream, an in-band error or a client that left stores nothing.
 */
export async function storeAnswer(
  response: Response,
  scope: ModelRequestScope,
  target: StoreTarget,
): Promise<Response> {
  const init = { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) };
  if (response.status !== 200 || response.body === null) return new Response(response.body, init);
  if (!scope.stream) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength <= MAX_CACHED_BYTES && !scope.assembleFromStream)
      scope.recording.waitUntil(put(target, bytes, init.headers));
    return new Response(bytes, init);
  }
  const outcome = recordedOutcome(scope);
  const capture = captureStreamBytes(MAX_CACHED_BYTES, (bytes) => {
    scope.recording.waitUntil(
      outcome.then((recorded) =>
        recorded.status === 200 && recorded.errorKind === undefined ? put(target, bytes, init.headers) : undefined,
      ),
    );
  });
  return new Response(response.body.pipeThrough(capture), init);
}
