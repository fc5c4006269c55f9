import type { ApprovalStatus, ApprovalView, OpenApprovalInput } from "./agent-control-rpc.ts";

type Sql = SqlStorage;

interface ApprovalRow {
  id: string;
  scope: string;
  session_id: string | null;
  agent_id: string | null;
  kind: string;
  subject: string;
  detail: string | null;
  requested_at: number;
  expires_at: number;
  status: string;
  decided_at: number | null;
  decided_by: string | null;
  reason: string | null;
  [key: string]: SqlStorageValue;
}

function approvalViewOf(row: ApprovalRow): ApprovalView {
  return {
    id: row.id,
    scope: row.scope,
    sessionId: row.session_id,
    agentId: row.agent_id,
    kind: row.kind === "model_call" ? "model_call" : "tool_call",
    subject: row.subject,
    detail: row.detail,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    status: row.status as ApprovalStatus,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    reason: row.reason,
  };
}

export function insertApproval(sql: Sql, id: string, input: OpenApprovalInput, now: number): ApprovalView {
  const row = sql
    .exec<ApprovalRow>(
      `INSERT INTO approvals (id, scope, session_id, agent_id, kind, subject, detail, requested_at, expires_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') RETURNING *`,
      id,
      input.scope,
      input.sessionId,
      input.agentId,
      input.kind,
      input.subject,
      input.detail,
      now,
      now + input.timeoutMs,
    )
    .one();
  return approvalViewOf(row);
}

export function readApproval(sql: Sql, id: string): ApprovalView | undefined {
  const row = sql.exec<ApprovalRow>("SELECT * FROM approvals WHERE id = ?", id).toArray()[0];
  return row === undefined ? undefined : approvalViewOf(row);
}

export function listApprovalRows(sql: Sql, status: ApprovalStatus | null, limit: number): ApprovalView[] {
  const rows =
    status === null
      ? sql.exec<ApprovalRow>("SELECT * FROM approvals ORDER BY requested_at DESC LIMIT ?", limit)
      : sql.exec<ApprovalRow>(
          "SELECT * FROM approvals WHERE status = ? ORDER BY requested_at DESC LIMIT ?",
          status,
          limit,
        );
  return rows.toArray().map(approvalViewOf);
}

/** Sets the outcome of a still pending approval; false when it was already decided. */
export function settleApproval(
  sql: Sql,
  id: string,
  outcome: { status: Exclude<ApprovalStatus, "pending">; decidedAt: number; decidedBy: string; reason: string | null },
): boolean {
  const written = sql.exec(
    "UPDATE approvals SET status = ?, decided_at = ?, decided_by = ?, reason = ? WHERE id = ? AND status = 'pending'",
    outcome.status,
    outcome.decidedAt,
    outcome.decidedBy,
    outcome.reason,
    id,
  );
  return written.rowsWritten > 0;
}

/** Marks every pending approval past its deadline timed out; returns their ids. */
export function expireApprovals(sql: Sql, now: number): string[] {
  return sql
    .exec<{ id: string }>(
      `UPDATE approvals SET status = 'timed_out', decided_at = expires_at, decided_by = 'timeout',
         reason = 'no approver decided before the deadline'
       WHERE status = 'pending' AND expires_at <= ? RETURNING id`,
      now,
    )
    .toArray()
    .map((row) => row.id);
}

export function nextApprovalDeadline(sql: Sql): number | null {
  return sql
    .exec<{ next: number | null }>("SELECT min(expires_at) AS next FROM approvals WHERE status = 'pending'")
    .one().next;
}
