import type { AuditAppendInput } from "../../../durable-objects/audit-log-rpc.ts";
import type { AdminActor, AdminEnv } from "../admin-env.ts";
import type { SignInClient } from "./sign-in-throttle.ts";

/** How a sign-in ended; a refusal names the key only by its display prefix, and only when the key exists. */
export type SignInOutcome =
  | { kind: "signed_in"; actor: AdminActor }
  | { kind: "refused"; reason: "unknown_key" }
  | { kind: "refused"; reason: "no_admin_role"; keyPrefix: string; teamId: string | null };

function actorOf(outcome: SignInOutcome): AuditAppendInput["actor"] {
  if (outcome.kind === "signed_in") {
    const { actor } = outcome;
    return actor.kind === "master"
      ? { label: "master", role: actor.role, teamId: null }
      : { label: actor.label, role: actor.role, teamId: actor.teamId };
  }
  return outcome.reason === "no_admin_role"
    ? { label: outcome.keyPrefix, role: "none", teamId: outcome.teamId }
    : { label: "anonymous", role: "none", teamId: null };
}

/**
 * Records a dashboard sign-in or a refused one (`auth.session.create`,
 * `auth.session.refused`) with the client's address. The presented key is never
 * recorded: a refused unknown key may be a real key with a typo. Awaited like
 * the admin audit middleware's appends; a failing append is logged and does
 * not change the answer.
 */
export async function auditSignIn(env: AdminEnv, outcome: SignInOutcome, client: SignInClient, at: number) {
  const actor = actorOf(outcome);
  const event: AuditAppendInput = {
    eventId: `admin:${crypto.randomUUID()}`,
    at,
    actor,
    action: outcome.kind === "signed_in" ? "auth.session.create" : "auth.session.refused",
    target: { type: "auth", id: null },
    teamId: actor.teamId,
    details: {
      method: "POST",
      path: "/auth/session",
      client_ip: client.address,
      ...(outcome.kind === "refused" ? { reason: outcome.reason } : {}),
    },
  };
  try {
    await env.GATEWAY.appendAudit(event);
  } catch (error) {
    console.error(`audit append failed for ${event.action}`, error);
  }
}
