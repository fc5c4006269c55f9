import { MAX_APPROVAL_TIMEOUT_MS } from "../../core/governance/agent-governance.ts";
import { redactJsonSecrets } from "../../core/redaction/redact-json-secrets.ts";
import { agentControlStub } from "./agent-control-stub.ts";

export interface ApprovalRequest {
  scope: string;
  sessionId: string | null;
  agentId: string | null;
  kind: "tool_call" | "model_call";
  /** What the approver reads first, e.g. `github/delete_repo` or `model gpt-5 ~$4.20`. */
  subject: string;
  /** Raw arguments or a request summary; scrubbed of secrets before it is stored. */
  detail: unknown;
  timeoutMs: number;
}

export interface ApprovalOutcome {
  decision: "approved" | "rejected" | "timed_out";
  approvalId: string;
  reason: string | null;
}

/** Stored detail is capped; an approver needs the gist, and the trace keeps the raw call. */
const MAX_DETAIL_CHARS = 65_536;
/** One long poll; the object answers sooner when the approval is decided. */
const POLL_MS = 25_000;
/** A lost poll (object evicted, network) is retried after this, doubling up to a second. */
const RETRY_BASE_MS = 100;

/**
 * Holds the calling request until an approver decides or the deadline passes. The approval is persisted
 * in the agent's AgentControl object first; this side only long-polls it, so an evicted object (or an
 * isolate that restarts the poll) loses nothing: the decision and the deadline live in storage.
 */
export async function requestApproval(env: Env, input: ApprovalRequest): Promise<ApprovalOutcome> {
  if (input.agentId === null) {
    // Approvers find pending calls through their team's agents; a call no approver can see cannot wait.
    return { decision: "rejected", approvalId: "", reason: "approvals need a registered agent's key" };
  }
  const opened = await agentControlStub(env, input.agentId, input.scope).openApproval({
    scope: input.scope,
    sessionId: input.sessionId,
    agentId: input.agentId,
    kind: input.kind,
    subject: input.subject.slice(0, 2000),
    detail: storedDetail(input.detail),
    timeoutMs: Math.max(1, Math.min(Math.round(input.timeoutMs), MAX_APPROVAL_TIMEOUT_MS)),
  });
  let failures = 0;
  for (;;) {
    try {
      // A fresh stub per poll: a stub whose object was reset keeps failing.
      const result = await agentControlStub(env, input.agentId, input.scope).awaitApproval(opened.id, POLL_MS);
      failures = 0;
      if (!result.ok) return { decision: "rejected", approvalId: opened.id, reason: "the approval no longer exists" };
      if (result.status !== "pending") return { decision: result.status, approvalId: opened.id, reason: result.reason };
    } catch (error) {
      failures++;
      if (Date.now() > opened.expiresAt + POLL_MS) {
        console.error(`approval ${opened.id} unreachable past its deadline`, error);
        return { decision: "timed_out", approvalId: opened.id, reason: "the approval could not be read" };
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, RETRY_BASE_MS * 2 ** (failures - 1))));
    }
  }
}

function storedDetail(detail: unknown): string | null {
  if (detail === undefined || detail === null) return null;
  const serialized = JSON.stringify(redactJsonSecrets(detail).value) ?? null;
  if (serialized === null || serialized.length <= MAX_DETAIL_CHARS) return serialized;
  return JSON.stringify({ truncated: true, preview: serialized.slice(0, MAX_DETAIL_CHARS - 100) });
}
