import { z } from "zod";

/** How long a call waits for an approver unless the rule (or the agent's `approval.timeout_seconds`) says otherwise. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 5 * 60_000;
/** The longest any call may be held for an approver: a held call keeps a client connection open. */
export const MAX_APPROVAL_TIMEOUT_MS = 60 * 60_000;

/** Per-session loop breaker (agents.session_limits); null fields impose no limit. */
export interface SessionLimits {
  /** Model calls plus tool calls in one session. */
  maxSteps: number | null;
  /** Settled cost of the session's model calls. */
  maxCostUsd: number | null;
  /** How often one tool call (same server, tool and arguments) may run in one session. */
  maxRepeatedToolCalls: number | null;
  /** How often one model request (same body) may be sent in one session. */
  maxRepeatedModelRequests: number | null;
}

/** Human approval of model calls (agents.approval). */
export interface ApprovalPolicy {
  /** A model call whose estimated cost exceeds this waits for an approver; null: never. */
  modelCostThresholdUsd: number | null;
  timeoutMs: number;
}

/** What the gateway's hot path needs to govern an agent's traffic; carried in the key cache. */
export interface AgentGovernance {
  sessionLimits: SessionLimits | null;
  approval: ApprovalPolicy | null;
  /** An admin stopped the agent, one of its keys or sessions (agents.kill_switch_at): check its object. */
  killSwitch: boolean;
}

/** `agents.session_limits` as the admin API stores it (workers/admin/agent-schemas.ts). */
export const storedSessionLimitsSchema = z.strictObject({
  max_steps: z.int().min(1).nullable().optional(),
  max_cost_usd: z.number().positive().nullable().optional(),
  max_repeated_tool_calls: z.int().min(1).nullable().optional(),
  max_repeated_model_requests: z.int().min(1).nullable().optional(),
});
export type StoredSessionLimits = z.infer<typeof storedSessionLimitsSchema>;

/** `agents.approval` as the admin API stores it. */
export const storedApprovalPolicySchema = z.strictObject({
  model_cost_threshold_usd: z.number().nonnegative().nullable().optional(),
  timeout_seconds: z
    .int()
    .min(1)
    .max(MAX_APPROVAL_TIMEOUT_MS / 1000)
    .nullable()
    .optional(),
});
export type StoredApprovalPolicy = z.infer<typeof storedApprovalPolicySchema>;

function readSessionLimits(stored: unknown): SessionLimits | null {
  const parsed = storedSessionLimitsSchema.safeParse(stored);
  if (!parsed.success) return null;
  const limits: SessionLimits = {
    maxSteps: parsed.data.max_steps ?? null,
    maxCostUsd: parsed.data.max_cost_usd ?? null,
    maxRepeatedToolCalls: parsed.data.max_repeated_tool_calls ?? null,
    maxRepeatedModelRequests: parsed.data.max_repeated_model_requests ?? null,
  };
  return Object.values(limits).every((value) => value === null) ? null : limits;
}

function readApprovalPolicy(stored: unknown): ApprovalPolicy | null {
  const parsed = storedApprovalPolicySchema.safeParse(stored);
  if (!parsed.success) return null;
  const seconds = parsed.data.timeout_seconds;
  return {
    modelCostThresholdUsd: parsed.data.model_cost_threshold_usd ?? null,
    timeoutMs: seconds === undefined || seconds === null ? DEFAULT_APPROVAL_TIMEOUT_MS : seconds * 1000,
  };
}

/**
 * An agent's governance columns as the key cache reads them; null when the agent sets none and no kill
 * switch is active, so its traffic skips the AgentControl round trip. The admin schema validated the
 * columns on write; one that does not parse (written some other way) imposes nothing.
 */
export function readAgentGovernance(columns: {
  sessionLimits: unknown;
  approvalPolicy: unknown;
  killSwitchAt: number | null;
}): AgentGovernance | null {
  const governance: AgentGovernance = {
    sessionLimits: readSessionLimits(columns.sessionLimits),
    approval: readApprovalPolicy(columns.approvalPolicy),
    killSwitch: columns.killSwitchAt !== null,
  };
  const governs = governance.sessionLimits !== null || governance.approval !== null || governance.killSwitch;
  return governs ? governance : null;
}
