/**
 * In-process requests whose caller the gateway has already authenticated elsewhere, by key digest: an
 * admin replaying a span from the dashboard signed in with a session cookie, so no key is at hand. A
 * mark on the Request object, not a header: only code holding the Request (AdminRpc) can set it, so no
 * client can claim a key it does not present.
 */
const vouchedKeyHashes = new WeakMap<Request, string>();

export function vouchForCaller(request: Request, keyHash: string): void {
  vouchedKeyHashes.set(request, keyHash);
}

/** The SHA-256 (hex) of the key the request was vouched for; undefined for every outside request. */
export function vouchedCallerOf(request: Request): string | undefined {
  return vouchedKeyHashes.get(request);
}
