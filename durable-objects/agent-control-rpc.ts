import { z } from "zod";
import type { SessionLimits } from "../workers/core/governance/agent-governance.ts";
import { MAX_APPROVAL_TIMEOUT_MS } from "../workers/core/governance/agent-governance.ts";
import type { SessionControlReason } from "../workers/core/governance/session-control-refusal.ts";

/**
 * The `AgentControl` Durable Object's RPC contract: one object per agent (`agent:<id>`), holding its kill
 * switches, its sessions' loop-breaker counters and its pending approvals, so a governed request needs
 * one round trip to one object. Inputs are parsed inside the object; expected failures are values.
 */
export function agentControlName(agentId: string | null, scope: string): string {
  // Agentless traffic is governed per session scope; agents' objects are found by id (approvals, admin).
  return agentId === null ? `scope:${scope}` : `agent:${agentId}`;
}

const text = z.string().min(1).max(1000);

export const controlTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agent") }),
  z.object({ kind: z.literal("key"), keyHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ kind: z.literal("session"), scope: text, sessionId: text }),
]);
export type ControlTarget = z.infer<typeof controlTargetSchema>;

const sessionLimitsSchema: z.ZodType<SessionLimits> = z.object({
  maxSteps: z.int().min(1).nullable(),
  maxCostUsd: z.number().positive().nullable(),
  maxRepeatedToolCalls: z.int().min(1).nullable(),
  maxRepeatedModelRequests: z.int().min(1).nullable(),
});

export const controlCheckInputSchema = z.object({
  scope: text,
  sessionId: text.nullable(),
  keyHash: z.string().min(1).max(200),
  event: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("tool_call"), server: text, tool: text, argumentsHash: text }),
    z.object({ kind: z.literal("model_call"), requestHash: text, estimatedCostUsd: z.number().nullable() }),
  ]),
  limits: sessionLimitsSchema.nullable(),
});
export type ControlCheckInput = z.infer<typeof controlCheckInputSchema>;

export const stopInputSchema = z.object({
  target: controlTargetSchema,
  reason: z.enum(["session_stopped", "agent_stopped", "key_stopped"]),
  detail: z.string().max(1000).nullable(),
  stoppedBy: text,
});
export type StopInput = z.infer<typeof stopInputSchema>;

export const settleCostInputSchema = z.object({ scope: text, sessionId: text, costUsd: z.number().nonnegative() });

export const openApprovalInputSchema = z.object({
  scope: text,
  sessionId: text.nullable(),
  agentId: text.nullable(),
  kind: z.enum(["tool_call", "model_call"]),
  subject: z.string().min(1).max(2000),
  /** Already scrubbed of secrets, serialized. */
  detail: z.string().max(65_536).nullable(),
  timeoutMs: z.int().min(1).max(MAX_APPROVAL_TIMEOUT_MS),
});
export type OpenApprovalInput = z.infer<typeof openApprovalInputSchema>;

export const decideApprovalInputSchema = z.object({
  approvalId: text,
  decision: z.enum(["approved", "rejected"]),
  decidedBy: text,
  reason: z.string().max(1000).nullable(),
});
export type DecideApprovalInput = z.infer<typeof decideApprovalInputSchema>;

export type ApprovalStatus = "pending" | "approved" | "rejected" | "timed_out";

export interface ApprovalView {
  id: string;
  scope: string;
  sessionId: string | null;
  agentId: string | null;
  kind: "tool_call" | "model_call";
  subject: string;
  /** The scrubbed detail as JSON text. */
  detail: string | null;
  requestedAt: number;
  expiresAt: number;
  status: ApprovalStatus;
  decidedAt: number | null;
  decidedBy: string | null;
  reason: string | null;
}

export type AwaitApprovalResult =
  | { ok: true; status: ApprovalStatus; reason: string | null }
  | { ok: false; reason: "not_found" };

export type DecideApprovalResult =
  | { ok: true; approval: ApprovalView }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "already_decided"; status: ApprovalStatus };

export interface StopView {
  target: string;
  reason: SessionControlReason;
  detail: string | null;
  stoppedBy: string;
  stoppedAt: number;
}

export interface SessionControlState {
  stop: StopView | null;
  steps: number;
  costUsd: number;
}

export interface AgentControlState {
  agentStop: StopView | null;
  keyStops: StopView[];
  sessionStops: StopView[];
}
