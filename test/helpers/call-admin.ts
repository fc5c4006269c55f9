import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { AdminEnv } from "../../workers/admin/admin-env.ts";
import { adminApp } from "../../workers/admin/app.ts";
import { TEST_MASTER_KEY } from "./activate-config.ts";

// The admin worker reaches Durable Objects only through the gateway's AdminRpc
// entrypoint; in tests that service binding is the real entrypoint, via ctx exports.
const adminEnv: AdminEnv = {
  DB: env.DB,
  GATEWAY: exports.AdminRpc as AdminEnv["GATEWAY"],
  ...adminVars(env as unknown as Record<string, unknown>),
};

/** The admin worker's vars and secrets that the test environment also gives the gateway. */
function adminVars(from: Record<string, unknown>): Partial<AdminEnv> {
  const vars: Partial<AdminEnv> = {};
  for (const name of ["SWITCHYARD_ENCRYPTION_KEY", "OUTBOUND_ALLOW_PRIVATE", "OUTBOUND_ALLOWED_HOSTS"] as const) {
    const value = from[name];
    if (typeof value === "string") vars[name] = value;
  }
  return vars;
}

/** Calls the admin app in-process; `key: null` sends no credentials. */
export async function callAdmin(path: string, init: RequestInit & { key?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const key = init.key === undefined ? TEST_MASTER_KEY : init.key;
  if (key !== null) headers.set("authorization", `Bearer ${key}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const response = await adminApp.fetch(new Request(`https://admin.test${path}`, { ...init, headers }), adminEnv, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return {
    status: response.status,
    body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown> & { [key: string]: unknown },
  };
}

export const postAdmin = (path: string, body: unknown, key?: string | null) =>
  callAdmin(path, { method: "POST", body: JSON.stringify(body), ...(key === undefined ? {} : { key }) });
