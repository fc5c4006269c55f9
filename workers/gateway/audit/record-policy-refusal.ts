import type { Context } from "hono";
import { AUDIT_LOG_NAME, type AuditAppendInput } from "../../../durable-objects/audit-log-rpc.ts";
import type { CachedKey } from "../../core/auth/cached-key.ts";
import { extractApiKey } from "../../core/auth/extract-api-key.ts";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import type { GatewayError } from "../../core/errors/gateway-error.ts";
import type { GatewayHonoEnv, Principal } from "../gateway-env.ts";
import { gatewayKeyCache } from "../key-cache.ts";
import { PolicyAuditCoalescer } from "./policy-audit-coalescer.ts";
import { type PolicyRefusalAction, policyRefusalAction } from "./policy-refusal-action.ts";

/** What the hot path keeps of a refusal: references it already holds, nothing computed. */
interface RefusalSeen {
  action: PolicyRefusalAction;
  error: GatewayError;
  principal: Principal | undefined;
  headers: Headers;
  path: string;
  requestId: string;
  at: number;
  env: Env;
  waitUntil: (promise: Promise<unknown>) => void;
}

interface Subject {
  key: CachedKey;
  reason: string;
}

/** What an entry needs, kept while a window's count is held (no request objects). */
interface Refusal {
  action: PolicyRefusalAction;
  subject: Subject;
  at: number;
  requestId: string;
  path: string;
  status: number;
  message: string;
}

const coalescer = new PolicyAuditCoalescer<Refusal>();
const KEY_LOOKALIKE = /sk-[A-Za-z0-9_-]{16,}/g;

/** Why a known key was turned away at the door; undefined for an unknown key (no policy decided that). */
function blockedReason(key: CachedKey, now: number): string | undefined {
  if (key.blocked) return "key_blocked";
  if (key.teamBlocked) return "team_blocked";
  if (key.expiresAt !== null && key.expiresAt <= now) return "key_expired";
  return undefined;
}

/** The key the refusal concerns, and the reason; a 401 is only audited for a key that exists and is blocked or expired. */
async function subjectOf(seen: RefusalSeen): Promise<Subject | undefined> {
  if (seen.action !== "request.blocked") {
    return seen.principal?.kind === "virtual" ? { key: seen.principal.key, reason: seen.error.code } : undefined;
  }
  const presented = extractApiKey(seen.headers);
  if (presented === undefined) return undefined;
  const key = await gatewayKeyCache.get(await sha256Hex(presented), seen.env, seen.waitUntil);
  const reason = key === null ? undefined : blockedReason(key, seen.at);
  return key === null || reason === undefined ? undefined : { key, reason };
}

function entryFor(refusal: Refusal, count: number): AuditAppendInput {
  const { key, reason } = refusal.subject;
  return {
    eventId: `policy:${refusal.requestId}`,
    at: refusal.at,
    actor: { label: key.keyAlias ?? key.keyPrefix, role: key.agentId === null ? "key" : "agent", teamId: key.teamId },
    action: refusal.action,
    target: { type: "key", id: key.tokenHash },
    teamId: key.teamId,
    details: {
      reason,
      status: refusal.status,
      message: refusal.message,
      path: refusal.path,
      request_id: refusal.requestId,
      key_name: key.keyPrefix,
      ...(key.agentId === null ? {} : { agent_id: key.agentId }),
      ...(key.userId === null ? {} : { user_id: key.userId }),
      count,
    },
  };
}

async function appendRefusal(seen: RefusalSeen): Promise<void> {
  const subject = await subjectOf(seen);
  if (subject === undefined) return;
  const refusal: Refusal = {
    action: seen.action,
    subject,
    at: seen.at,
    requestId: seen.requestId,
    path: seen.path,
    status: seen.error.status,
    message: seen.error.message.replace(KEY_LOOKALIKE, "[key]").slice(0, 500),
  };
  const coalesceKey = `${subject.key.tokenHash}|${seen.action}|${subject.reason}`;
  const { send, due } = coalescer.admit(coalesceKey, refusal, seen.at);
  const entries = due.map((held) => entryFor(held.refusal, held.count));
  if (send !== undefined) entries.push(entryFor(send.refusal, send.count));
  const log = seen.env.AUDIT_LOG.getByName(AUDIT_LOG_NAME);
  // In order: a window's held count goes in before the entry that opens the next window.
  for (const entry of entries) await log.append(entry);
}

/**
 * Appends a policy decision the gateway made (a budget or limit refusal, a
 * denied model, a blocked or expired key) to the audit trail, off the hot
 * path: the request pays for one switch and one small object; key lookups,
 * coalescing (per key and reason, one entry at once and one carrying the
 * count of the rest of each second; see PolicyAuditCoalescer) and the
 * append run in waitUntil. A failed append is logged, never surfaced.
 */
export function recordPolicyRefusal(c: Context<GatewayHonoEnv>, error: GatewayError): void {
  const action = policyRefusalAction(error);
  if (action === undefined) return;
  let waitUntil: (promise: Promise<unknown>) => void;
  try {
    const executionCtx = c.executionCtx;
    waitUntil = (promise) => executionCtx.waitUntil(promise);
  } catch {
    return; // Called without an execution context (unit tests of the app): nothing can outlive the response.
  }
  const seen: RefusalSeen = {
    action,
    error,
    principal: c.get("principal") as Principal | undefined,
    headers: c.req.raw.headers,
    path: c.req.path,
    requestId: c.get("requestId"),
    at: Date.now(),
    env: c.env,
    waitUntil,
  };
  waitUntil(appendRefusal(seen).catch((failure: unknown) => console.error(`audit of ${action} failed`, failure)));
}
