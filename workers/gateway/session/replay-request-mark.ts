/**
 * Which in-process requests are admin replays, and of which span. A mark on the Request object rather
 * than a header: any client can send a header, so a header would let callers label their own traffic
 * as replays; only replaySessionSpan (run through AdminRpc) holds the Request it marks.
 */
const replayedSpans = new WeakMap<Request, string>();

export function markReplayRequest(request: Request, replayedRequestId: string): void {
  replayedSpans.set(request, replayedRequestId);
}

/** The request id the request replays; undefined for every request that is not a replay. */
export function replayOfRequest(request: Request): string | undefined {
  return replayedSpans.get(request);
}
