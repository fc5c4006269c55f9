import { AdminApiError, adminApiErrorOf } from "./admin-api-error.ts";

/** The Pages Function (functions/api/[[path]].ts) forwards this prefix to the admin worker. */
const API_BASE = "/api";

export type QueryValue = string | number | boolean | null | undefined;

export interface AdminRequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (a config's YAML). */
  text?: string;
  contentType?: string;
  signal?: AbortSignal;
}

type InFlightListener = (count: number) => void;
type UnauthorizedListener = () => void;

let inFlight = 0;
const inFlightListeners = new Set<InFlightListener>();
const unauthorizedListeners = new Set<UnauthorizedListener>();

function setInFlight(delta: number) {
  inFlight += delta;
  for (const listener of inFlightListeners) listener(inFlight);
}

/** For the top progress bar: how many admin calls are running. */
export function subscribeInFlight(listener: InFlightListener): () => void {
  inFlightListeners.add(listener);
  listener(inFlight);
  return () => inFlightListeners.delete(listener);
}

/** A 401 on any call means the session cookie expired or was revoked: the app returns to sign-in. */
export function subscribeUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function urlOf(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search === "" ? "" : `?${search}`}`;
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Calls the admin API with the session cookie. Every call carries `x-switchyard-csrf: 1`: the admin
 * worker refuses cookie-authenticated writes without it, and a cross-site form cannot set a header.
 * The caller names the expected response type; shapes are declared beside each API module.
 */
export async function adminRequest<T>(method: string, path: string, options: AdminRequestOptions = {}): Promise<T> {
  const headers = new Headers({ "x-switchyard-csrf": "1", accept: "application/json" });
  let body: string | undefined;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers.set("content-type", options.contentType ?? "text/plain");
    body = options.text;
  }
  setInFlight(1);
  try {
    const response = await send(urlOf(path, options.query), { method, headers, body, signal: options.signal });
    const parsed = await parseBody(response);
    if (!response.ok) {
      if (response.status === 401 && path !== "/auth/session") {
        for (const listener of unauthorizedListeners) listener();
      }
      throw adminApiErrorOf(response.status, parsed, `${method} ${path} failed with ${response.status}`);
    }
    return parsed as T;
  } finally {
    setInFlight(-1);
  }
}

async function send(
  url: string,
  init: { method: string; headers: Headers; body: string | undefined; signal: AbortSignal | undefined },
): Promise<Response> {
  try {
    // credentials default to same-origin: the session cookie goes along, to this origin only.
    return await fetch(url, { ...init, signal: init.signal ?? null });
  } catch (thrown) {
    if (thrown instanceof DOMException && thrown.name === "AbortError") throw thrown;
    throw new AdminApiError(0, "The admin API could not be reached. Is the admin worker running?", null, null, []);
  }
}
