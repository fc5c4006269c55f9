import { MOCK_ENDPOINT_PATHS, type MockEndpoint } from "./mock-payloads.ts";

/**
 * How a mock answers is chosen by the path, never by the body, so nginx (which cannot read JSON) serves
 * the same contract as the Node mock and every gateway can be pointed at a mode through its `api_base`:
 *   [/delay/<ms>][/paced/<ms>]/json|sse/v1/chat/completions | /v1/messages | /v1/responses
 * `delay` waits before the response headers; `paced` spaces stream events (the first event and the
 * first token leave at once), so a buffering gateway shows up as a late first token.
 */
export interface MockRoute {
  mode: "json" | "sse";
  endpoint: MockEndpoint;
  delayMs: number;
  paceMs: number;
}

export type MockBase = Omit<MockRoute, "endpoint">;

/** The base a client or gateway appends `/chat/completions` (etc.) to, e.g. `/delay/100/json/v1`. */
export function mockBasePath(base: MockBase): string {
  const delay = base.delayMs > 0 ? `/delay/${base.delayMs}` : "";
  const pace = base.paceMs > 0 ? `/paced/${base.paceMs}` : "";
  return `${delay}${pace}/${base.mode}/v1`;
}

export function mockPath(route: MockRoute): string {
  return `${mockBasePath(route)}${MOCK_ENDPOINT_PATHS[route.endpoint]}`;
}

const ROUTE_PATTERN = /^(?:\/delay\/(\d+))?(?:\/paced\/(\d+))?\/(json|sse)\/v1(\/.*)$/;

export function parseMockPath(path: string): MockRoute | undefined {
  const match = ROUTE_PATTERN.exec(path);
  if (match === null) return undefined;
  const [, delay, pace, mode, rest] = match;
  const endpoint = (Object.keys(MOCK_ENDPOINT_PATHS) as MockEndpoint[]).find(
    (candidate) => MOCK_ENDPOINT_PATHS[candidate] === rest,
  );
  if (endpoint === undefined || (mode !== "json" && mode !== "sse")) return undefined;
  return { mode, endpoint, delayMs: Number(delay ?? 0), paceMs: Number(pace ?? 0) };
}
