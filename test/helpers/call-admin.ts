import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { AdminEnv } from "../../workers/admin/admin-env.ts";
import { adminApp } from "../../workers/admin/app.ts";
import { TEST_MASTER_KEY } from "./activate-config.ts";

type SharedVarName = "SWITCHYARD_ENCRYPTION_KEY" | "OUTBOUND_ALLOW_PRIVATE" | "OUTBOUND_ALLOWED_HOSTS";

/**
 * The admin worker's env in tests: the real gateway AdminRpc entrypoint (via ctx exports) as its service
 * binding, plus those of `varNames` that the test environment also gives the gateway.
 */
export function inProcessAdminEnv(
  varNames: readonly SharedVarName[] = [
    "SWITCHYARD_ENCRYPTION_KEY",
    "OUTBOUND_ALLOW_PRIVATE",
    "OUTBOUND_ALLOWED_HOSTS",
  ],
): AdminEnv {
  const from = env as unknown as Record<string, unknown>;
  const vars: Partial<AdminEnv> = {};
  for (const name of varNames) {
    const value = from[name];
    if (typeof value === "string") vars[name] = value;
  }
  return { DB: env.DB, GATEWAY: exports.AdminRpc as AdminEnv["GATEWAY"], ...vars };
}

const adminEnv = inProcessAdminEnv();

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
