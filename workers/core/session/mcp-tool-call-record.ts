import { z } from "zod";

/** How the MCP gateway settled a tool call: by policy, by an approver, or by the session's controls. */
export const MCP_TOOL_CALL_DECISIONS = ["allowed", "denied", "approved", "rejected", "timed_out"] as const;
export type McpToolCallDecision = (typeof MCP_TOOL_CALL_DECISIONS)[number];

/**
 * One `tools/call` through the MCP gateway, as it is recorded into the session's AgentSession object
 * (`recordMcpToolCall`): the raw arguments and result (scrubbed of secrets by the object), the decision,
 * why, and the version of the tool policy that decided it.
 */
export const mcpToolCallRecordSchema = z.object({
  callId: z.string().min(1).max(200),
  sessionId: z.string().min(1).max(200),
  scope: z.string().min(1).max(300),
  startedAt: z.int().nonnegative(),
  agentId: z.string().max(200).nullable(),
  server: z.string().min(1).max(100),
  tool: z.string().min(1).max(500),
  /** The arguments as the agent sent them, as JSON text. */
  arguments: z.string(),
  /** The upstream's result (or error) as JSON text; null when the call never reached the upstream. */
  result: z.string().nullable(),
  isError: z.boolean(),
  decision: z.enum(MCP_TOOL_CALL_DECISIONS),
  /** `tool_denied`, `argument_rule`, a session-control reason, an approver's reason, …; null when allowed. */
  reason: z.string().max(2000).nullable(),
  policyVersion: z.int().nonnegative(),
  /** 0-based index of the deciding rule; null for the policy's default. */
  policyRule: z.int().nonnegative().nullable(),
  approvalId: z.string().max(200).nullable(),
  latencyMs: z.number().nonnegative(),
  retentionDays: z.int().min(1).max(3650).optional(),
});
export type McpToolCallRecord = z.input<typeof mcpToolCallRecordSchema>;

/** A recorded MCP tool call as a session's trace shows it (GET /sessions/:id). */
export interface TraceMcpToolCall {
  callId: string;
  startedAt: number;
  agentId: string | null;
  server: string;
  tool: string;
  arguments: string;
  result: string | null;
  isError: boolean;
  decision: McpToolCallDecision;
  reason: string | null;
  policyVersion: number;
  policyRule: number | null;
  approvalId: string | null;
  latencyMs: number;
}
