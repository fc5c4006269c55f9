import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { adminApp } from "../../../workers/admin/app.ts";
import { inProcessAdminEnv } from "../../helpers/call-admin.ts";

// Like test/helpers/call-admin.ts, but with only the encryption key shared (a sealed master_key in the
// active config opens only with it) and no credentials unless given.
const adminEnv = inProcessAdminEnv(["SWITCHYARD_ENCRYPTION_KEY"]);

export interface AdminCall {
  method?: string;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** The session cookie's value, sent as a browser would. */
  cookie?: string;
  /** An admin key, sent as a bearer token. */
  key?: string;
  headers?: Record<string, string>;
  /** `https://admin.test` unless given (the cookie's Secure flag follows the scheme). */
  origin?: string;
}

export interface AdminAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { [key: string]: unknown };
  /** The raw Set-Cookie header, if any. */
  setCookie: string | null;
}

/** Calls the admin app in-process like the dashboard's proxy does: no credentials unless given. */
export async function adminCall(path: string, call: AdminCall = {}): Promise<AdminAnswer> {
  const headers = new Headers(call.headers);
  if (call.key !== undefined) headers.set("authorization", `Bearer ${call.key}`);
  if (call.cookie !== undefined) headers.set("cookie", `switchyard_session=${call.cookie}`);
  if (call.json !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const request = new Request(`${call.origin ?? "https://admin.test"}${path}`, {
    method: call.method ?? "GET",
    headers,
    ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
  });
  const response = await adminApp.fetch(request, adminEnv, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? {} : JSON.parse(text),
    setCookie: response.headers.get("set-cookie"),
  };
}

/** The session token a Set-Cookie header carries. */
export function sessionTokenOf(setCookie: string | null): string {
  const match = /(?:^|;\s*)switchyard_session=([^;]*)/.exec(setCookie ?? "");
  if (match?.[1] === undefined || match[1] === "") throw new Error(`no session cookie in ${String(setCookie)}`);
  return match[1];
}

/** Signs in with `key` and returns the cookie value. */
export async function signIn(key: string, clientIp = "203.0.113.10"): Promise<string> {
  const answer = await adminCall("/auth/session", {
    method: "POST",
    json: { key },
    headers: { "cf-connecting-ip": clientIp },
  });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return sessionTokenOf(answer.setCookie);
}
