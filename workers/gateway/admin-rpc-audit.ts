import {
  AUDIT_LOG_NAME,
  type AuditAppendInput,
  type AuditAppendResult,
  type AuditListPage,
  type AuditListQuery,
  type AuditVerifyResult,
} from "../../durable-objects/audit-log-rpc.ts";

/**
 * What AdminRpc offers the admin worker of the audit trail: append an admin
 * action, list entries, verify the chain. All go to the one AuditLog instance.
 */
export function appendAuditEntry(env: Env, input: AuditAppendInput): Promise<AuditAppendResult> {
  return env.AUDIT_LOG.getByName(AUDIT_LOG_NAME).append(input);
}

export function listAuditEntries(env: Env, query: AuditListQuery): Promise<AuditListPage> {
  return env.AUDIT_LOG.getByName(AUDIT_LOG_NAME).list(query);
}

export function verifyAuditChain(env: Env): Promise<AuditVerifyResult> {
  return env.AUDIT_LOG.getByName(AUDIT_LOG_NAME).verify();
}
