import { DurableObject } from "cloudflare:workers";
import {
  type SessionControlReason,
  type SessionControlResult,
  sessionControlMessage,
} from "../workers/core/governance/session-control-refusal.ts";
import { parseRpcInput } from "../workers/core/rpc/parse-rpc-input.ts";
import { sessionObjectName } from "../workers/core/session/session-scope.ts";
import {
  expireApprovals,
  insertApproval,
  listApprovalRows,
  nextApprovalDeadline,
  readApproval,
  settleApproval,
} from "./agent-control-approvals.ts";
import { countSessionEvent, readStops, writeStop } from "./agent-control-limits.ts";
import {
  type AgentControlState,
  type ApprovalStatus,
  type ApprovalView,
  type AwaitApprovalResult,
  type ControlTarget,
  controlCheckInputSchema,
  controlTargetSchema,
  type DecideApprovalResult,
  decideApprovalInputSchema,
  openApprovalInputSchema,
  type SessionControlState,
  settleCostInputSchema,
  stopInputSchema,
} from "./agent-control-rpc.ts";
import { migrateAgentControl } from "./agent-control-schema.ts";

/** One long-poll answers within this, so a held call re-checks (and survives an evicted object) regularly. */
const MAX_WAIT_MS = 30_000;

function targetKey(target: ControlTarget): string {
  switch (target.kind) {
    case "agent":
      return "agent";
    case "key":
      return `key:${target.keyHash}`;
    case "session":
      return `session:${sessionObjectName(target.scope, target.sessionId)}`;
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Governance state of one agent (agent-control-rpc.ts): kill switches, loop-breaker counters of its
 * sessions and approvals waiting for a human. Every decision is persisted before it is reported, so an
 * evicted object loses nothing but the in-memory wake-ups of long polls, which callers simply repeat.
 */
export class AgentControl extends DurableObject<Env> {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateAgentControl(ctx.storage);
  }

  /** The per-request gate: stops first (agent, key, session), then the session's loop breaker. */
  async check(raw: unknown): Promise<SessionControlResult> {
    const input = parseRpcInput("AgentControl", "check", controlCheckInputSchema, raw);
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    const session = input.sessionId === null ? null : sessionObjectName(input.scope, input.sessionId);
    return this.ctx.storage.transactionSync((): SessionControlResult => {
      const targets = ["agent", `key:${input.keyHash}`, ...(session === null ? [] : [`session:${session}`])];
      const stops = readStops(sql, targets);
      const stop = targets.map((target) => stops.find((row) => row.target === target)).find((row) => row !== undefined);
      if (stop !== undefined) return refusal(stop.reason, stop.detail);
      if (session === null) return { ok: true };
      const trip = countSessionEvent(sql, session, input, now);
      if (trip === null) return { ok: true };
      writeStop(
        sql,
        {
          target: `session:${session}`,
          reason: trip.reason,
          detail: trip.detail,
          stoppedBy: "loop_breaker",
          stoppedAt: now,
        },
        "session",
      );
      return refusal(trip.reason, trip.detail);
    });
  }

  /** Adds a finished model call's cost to its session (after the response, off the hot path). */
  async settleCost(raw: unknown): Promise<void> {
    const input = parseRpcInput("AgentControl", "settleCost", settleCostInputSchema, raw);
    this.ctx.storage.sql.exec(
      `INSERT INTO session_counters (session, steps, cost_usd, updated_at) VALUES (?, 0, ?, ?)
       ON CONFLICT (session) DO UPDATE SET cost_usd = cost_usd + excluded.cost_usd, updated_at = excluded.updated_at`,
      sessionObjectName(input.scope, input.sessionId),
      input.costUsd,
      Date.now(),
    );
  }

  /** A kill switch; stopping what is already stopped keeps the first stop. */
  async stop(raw: unknown): Promise<{ ok: true; alreadyStopped: boolean }> {
    const input = parseRpcInput("AgentControl", "stop", stopInputSchema, raw);
    const written = writeStop(
      this.ctx.storage.sql,
      {
        target: targetKey(input.target),
        reason: input.reason,
        detail: input.detail,
        stoppedBy: input.stoppedBy,
        stoppedAt: Date.now(),
      },
      input.target.kind,
    );
    return { ok: true, alreadyStopped: !written };
  }

  /** Lifts a stop. A resumed session also starts its loop-breaker counts afresh (else it would trip at once). */
  async resume(raw: unknown): Promise<{ ok: true; wasStopped: boolean }> {
    const target = parseRpcInput("AgentControl", "resume", controlTargetSchema, raw);
    const sql = this.ctx.storage.sql;
    return this.ctx.storage.transactionSync(() => {
      const deleted = sql.exec("DELETE FROM stops WHERE target = ?", targetKey(target)).rowsWritten;
      if (target.kind === "session") {
        const session = sessionObjectName(target.scope, target.sessionId);
        sql.exec("DELETE FROM session_counters WHERE session = ?", session);
        sql.exec("DELETE FROM session_fingerprints WHERE session = ?", session);
      }
      return { ok: true as const, wasStopped: deleted > 0 };
    });
  }

  async state(): Promise<AgentControlState> {
    const rows = readStops(
      this.ctx.storage.sql,
      this.ctx.storage.sql
        .exec<{ target: string }>("SELECT target FROM stops")
        .toArray()
        .map((row) => row.target),
    );
    return {
      agentStop: rows.find((row) => row.target === "agent") ?? null,
      keyStops: rows.filter((row) => row.target.startsWith("key:")),
      sessionStops: rows.filter((row) => row.target.startsWith("session:")),
    };
  }

  async sessionState(scope: string, sessionId: string): Promise<SessionControlState> {
    const session = sessionObjectName(scope, sessionId);
    const sql = this.ctx.storage.sql;
    const counters = sql
      .exec<{ steps: number; cost_usd: number }>(
        "SELECT steps, cost_usd FROM session_counters WHERE session = ?",
        session,
      )
      .toArray()[0];
    return {
      stop: readStops(sql, [`session:${session}`])[0] ?? null,
      steps: counters?.steps ?? 0,
      costUsd: counters?.cost_usd ?? 0,
    };
  }

  /** Records a call waiting for a human and arms the alarm for its deadline. */
  async openApproval(raw: unknown): Promise<ApprovalView> {
    const input = parseRpcInput("AgentControl", "openApproval", openApprovalInputSchema, raw);
    const id = `apr_${randomHex(12)}${input.agentId === null ? "" : `_${input.agentId}`}`;
    const approval = insertApproval(this.ctx.storage.sql, id, input, Date.now());
    await this.armAlarm();
    return approval;
  }

  /**
   * Long poll: answers when the approval is decided or times out, or after `waitMs` (at most 30 s) with
   * `pending`, whichever is first. The deadline is also enforced here, not only by the alarm.
   */
  async awaitApproval(approvalId: string, waitMs: number): Promise<AwaitApprovalResult> {
    const first = this.currentApproval(approvalId);
    if (first === undefined) return { ok: false, reason: "not_found" };
    if (first.status !== "pending") return { ok: true, status: first.status, reason: first.reason };
    const wait = Math.max(0, Math.min(waitMs, MAX_WAIT_MS, first.expiresAt - Date.now()));
    await new Promise<void>((resolve) => {
      const waiters = this.waiters.get(approvalId) ?? new Set<() => void>();
      const wake = () => {
        clearTimeout(timer);
        waiters.delete(wake);
        if (waiters.size === 0) this.waiters.delete(approvalId);
        resolve();
      };
      const timer = setTimeout(wake, wait);
      waiters.add(wake);
      this.waiters.set(approvalId, waiters);
    });
    const latest = this.currentApproval(approvalId);
    if (latest === undefined) return { ok: false, reason: "not_found" };
    return { ok: true, status: latest.status, reason: latest.reason };
  }

  async decideApproval(raw: unknown): Promise<DecideApprovalResult> {
    const input = parseRpcInput("AgentControl", "decideApproval", decideApprovalInputSchema, raw);
    const current = this.currentApproval(input.approvalId);
    if (current === undefined) return { ok: false, reason: "not_found" };
    const settled = settleApproval(this.ctx.storage.sql, input.approvalId, {
      status: input.decision,
      decidedAt: Date.now(),
      decidedBy: input.decidedBy,
      reason: input.reason,
    });
    const approval = readApproval(this.ctx.storage.sql, input.approvalId);
    if (approval === undefined) return { ok: false, reason: "not_found" };
    if (!settled) return { ok: false, reason: "already_decided", status: approval.status };
    this.wake([input.approvalId]);
    return { ok: true, approval };
  }

  async listApprovals(status: ApprovalStatus | null, limit: number): Promise<ApprovalView[]> {
    this.expireDue();
    return listApprovalRows(this.ctx.storage.sql, status, Math.max(1, Math.min(limit, 500)));
  }

  /** Times out what is past its deadline and wakes its waiters; idempotent. */
  override async alarm(): Promise<void> {
    this.expireDue();
    await this.armAlarm();
  }

  private currentApproval(approvalId: string): ApprovalView | undefined {
    this.expireDue();
    return readApproval(this.ctx.storage.sql, approvalId);
  }

  private expireDue(): void {
    this.wake(expireApprovals(this.ctx.storage.sql, Date.now()));
  }

  private wake(approvalIds: readonly string[]): void {
    for (const id of approvalIds) for (const wake of [...(this.waiters.get(id) ?? [])]) wake();
  }

  private async armAlarm(): Promise<void> {
    const next = nextApprovalDeadline(this.ctx.storage.sql);
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}

function refusal(reason: SessionControlReason, detail: string | null): SessionControlResult {
  return { ok: false, reason, message: sessionControlMessage(reason, detail) };
}
