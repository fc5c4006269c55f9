import { AUDIT_LOG_NAME, type AuditAppendInput } from "../../../durable-objects/audit-log-rpc.ts";
import type { CachedKey } from "../../core/auth/cached-key.ts";
import { redactSecrets } from "../../core/redaction/redact-secrets.ts";
import { PolicyAuditCoalescer } from "../audit/policy-audit-coalescer.ts";
import type { EgressRefusal } from "./egress-refusal.ts";

export interface EgressRefusalSeen {
  refusal: EgressRefusal;
  key: CachedKey;
  agentId: string;
  method: string;
  url: URL;
  requestId: string;
  at: number;
}

const coalescer = new PolicyAuditCoalescer<EgressRefusalSeen>();
const MAX_PATH_CHARS = 300;

/**
 * The entry names the agent, its key, the credential and where the request was going (origin and path;
 * never the query, headers or body, and never a secret: refused requests had none swapped in).
 */
function entryFor(seen: EgressRefusalSeen, count: number): AuditAppendInput {
  const { key, refusal } = seen;
  const path = redactSecrets(seen.url.pathname.slice(0, MAX_PATH_CHARS)).text;
  return {
    eventId: `egress:${seen.requestId}:${refusal.credentialId ?? "none"}:${count}`,
    at: seen.at,
    actor: { label: key.keyAlias ?? key.keyPrefix, role: "agent", teamId: key.teamId },
    action: "egress.denied",
    target: { type: "credential", id: refusal.credentialId ?? null },
    teamId: key.teamId,
    details: {
      reason: refusal.reason,
      ...(refusal.mismatch === undefined ? {} : { mismatch: refusal.mismatch }),
      message: redactSecrets(refusal.message).text.slice(0, 500),
      agent_id: seen.agentId,
      key_name: key.keyPrefix,
      method: seen.method,
      destination: `${seen.url.origin}${path}`,
      request_id: seen.requestId,
      count,
    },
  };
}

/**
 * Appends a refused egress attempt to the audit trail in waitUntil, coalesced per key, credential,
 * reason and failed binding part (PolicyAuditCoalescer: the first of each second at once, the rest as
 * one counted entry), so an agent hammering the proxy cannot flood the log, and cannot hide either.
 */
export function recordEgressRefusal(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  seen: EgressRefusalSeen,
): void {
  const { credentialId, reason, mismatch } = seen.refusal;
  const coalesceKey = `${seen.key.tokenHash}|${credentialId ?? ""}|${reason}|${mismatch ?? ""}`;
  const { send, due } = coalescer.admit(coalesceKey, seen, seen.at);
  const entries = due.map((held) => entryFor(held.refusal, held.count));
  if (send !== undefined) entries.push(entryFor(send.refusal, send.count));
  if (entries.length === 0) return;
  const log = env.AUDIT_LOG.getByName(AUDIT_LOG_NAME);
  const append = async () => {
    for (const entry of entries) await log.append(entry);
  };
  waitUntil(append().catch((failure: unknown) => console.error("audit of egress.denied failed", failure)));
}
