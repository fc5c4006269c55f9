import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import type { AdminEnv } from "../../workers/admin/admin-env.ts";
import { adminApp } from "../../workers/admin/app.ts";
import { inProcessAdminEnv } from "../helpers/call-admin.ts";

export interface AdminRequest {
  method: string;
  path: string;
  /** Sent as `Authorization: Bearer`; null sends none. */
  key: string | null;
  body?: BodyInit;
  headers?: HeadersInit;
  /** Vars of the admin worker for this call, e.g. MAX_CONFIG_BYTES. */
  vars?: Partial<AdminEnv>;
}

export interface AdminAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Calls the admin app in-process and keeps the raw answer (CSV exports, empty
 * 204s and error bodies alike); test/helpers/call-admin.ts parses JSON only
 * and takes no vars. The gateway's AdminRpc entrypoint is the real one.
 */
export async function sendAdmin(request: AdminRequest): Promise<AdminAnswer> {
  const adminEnv: AdminEnv = { ...inProcessAdminEnv(["SWITCHYARD_ENCRYPTION_KEY"]), ...request.vars };
  const headers = new Headers(request.headers);
  if (request.key !== null) headers.set("authorization", `Bearer ${request.key}`);
  if (request.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const response = await adminApp.fetch(
    new Request(`https://admin.test${request.path}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    }),
    adminEnv,
    ctx,
  );
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, headers: response.headers, text };
}
