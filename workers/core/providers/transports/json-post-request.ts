/** A JSON POST to an upstream, aborted with the client's signal. */
export function jsonPostRequest(
  url: string,
  headers: Headers,
  body: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Request {
  headers.set("content-type", "application/json");
  return new Request(url, { method: "POST", headers, body: JSON.stringify(body), signal: signal ?? null });
}
