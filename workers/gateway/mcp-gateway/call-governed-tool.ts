import { z } from "zod";
import type { JsonValue } from "../../../durable-objects/audit-log-rpc.ts";
import { canonicalJson } from "../../../durable-objects/canonical-json.ts";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { toolPolicyDecision } from "../../core/governance/tool-policy-decision.ts";
import type { McpToolCallDecision } from "../../core/session/mcp-tool-call-record.ts";
import { checkSessionControls } from "../governance/check-session-controls.ts";
import { requestApproval } from "../governance/request-approval.ts";
import { RPC_INVALID_PARAMS } from "../mcp/mcp-protocol.ts";
import { McpProtocolError } from "../mcp/mcp-protocol-error.ts";
import type { GovernedMcpContext } from "./governed-mcp-context.ts";
import { recordMcpToolCall } from "./record-mcp-tool-call.ts";
import { scrubUpstreamSecrets, upstreamFailure } from "./upstream-failure.ts";

const toolCallParamsSchema = z.looseObject({
  name: z.string().min(1).max(500),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

interface Settlement {
  decision: McpToolCallDecision;
  reason: string | null;
  rule: number | null;
  approvalId: string | null;
}

/** Equal arguments in any key order hash alike, so the loop breaker sees a repeated call as one. */
function argumentsHash(args: Record<string, unknown>): Promise<string> {
  // Parsed from the request's JSON: every value is a JSON value.
  return sha256Hex(canonicalJson(args as { [key: string]: JsonValue }));
}

/** A refusal the model reads as the tool's output, so it can change course rather than retry blindly. */
function refusal(message: string): Record<string, unknown> {
  return { content: [{ type: "text", text: message }], isError: true };
}

/**
 * `tools/call`, judged again whatever `tools/list` showed: the agent's tool policy (tool rules, then
 * argument rules), then the session's kill switches and loop breaker, then — when the policy says so —
 * a human approval. Only then is it forwarded, with the server's credentials; credential values are
 * scrubbed from what comes back. Every call lands in the session trace with its decision and policy
 * version; denied ones also in the audit trail.
 */
export async function callGovernedTool(
  context: GovernedMcpContext,
  params: Record<string, unknown> | undefined,
): Promise<Record<string, unknown>> {
  const parsed = toolCallParamsSchema.safeParse(params ?? {});
  if (!parsed.success) {
    throw new McpProtocolError(
      context.errorStatus,
      RPC_INVALID_PARAMS,
      "tools/call needs params.name (a string) and optional params.arguments (an object).",
    );
  }
  const { agent, upstream } = context;
  const tool = parsed.data.name;
  const args = parsed.data.arguments ?? {};
  const startedAt = Date.now();
  const began = performance.now();
  const record = (settled: Settlement, result: string | null, isError: boolean) =>
    recordMcpToolCall(
      context.env,
      context.waitUntil,
      {
        callId: `${context.requestId}:${crypto.randomUUID()}`,
        sessionId: context.sessionId,
        scope: context.scope,
        startedAt,
        agentId: agent.agentId,
        server: upstream.name,
        tool,
        arguments: JSON.stringify(args),
        result,
        isError,
        decision: settled.decision,
        reason: settled.reason,
        policyVersion: agent.policyVersion,
        policyRule: settled.rule,
        approvalId: settled.approvalId,
        latencyMs: performance.now() - began,
        ...(context.key.tracePolicy === null ? {} : { retentionDays: context.key.tracePolicy.retentionDays }),
      },
      settled.decision === "denied" ? { key: context.key, requestId: context.requestId } : undefined,
    );

  const decision = toolPolicyDecision(agent.policy, { server: upstream.name, tool, arguments: args });
  if (decision.action === "deny") {
    record({ decision: "denied", reason: decision.reason, rule: decision.rule, approvalId: null }, null, true);
    return refusal(`${decision.message} (tool policy v${agent.policyVersion})`);
  }

  const controls = await checkSessionControls(context.env, {
    scope: context.scope,
    sessionId: context.sessionId,
    agentId: agent.agentId,
    keyHash: context.key.tokenHash,
    event: { kind: "tool_call", server: upstream.name, tool, argumentsHash: await argumentsHash(args) },
  });
  if (!controls.ok) {
    record({ decision: "denied", reason: controls.reason, rule: decision.rule, approvalId: null }, null, true);
    return refusal(controls.message);
  }

  let settled: Settlement = { decision: "allowed", reason: null, rule: decision.rule, approvalId: null };
  if (decision.action === "require_approval") {
    const approval = await requestApproval(context.env, {
      scope: context.scope,
      sessionId: context.sessionId,
      agentId: agent.agentId,
      kind: "tool_call",
      subject: `${upstream.name}/${tool}`,
      detail: { server: upstream.name, tool, arguments: args, policy_version: agent.policyVersion },
      timeoutMs: decision.timeoutMs,
    });
    settled = {
      decision: approval.decision,
      reason: approval.reason,
      rule: decision.rule,
      approvalId: approval.approvalId,
    };
    if (approval.decision !== "approved") {
      record(settled, null, true);
      const why = approval.reason === null ? "" : `: ${approval.reason}`;
      return refusal(
        approval.decision === "rejected"
          ? `An approver rejected ${upstream.name}/${tool}${why}.`
          : `${upstream.name}/${tool} needs an approval, and none came within ${Math.round(decision.timeoutMs / 1000)} s.`,
      );
    }
  }

  const outcome = await context.send("tools/call", { name: tool, arguments: args });
  if (outcome.kind !== "result") {
    const failure = upstreamFailure(upstream.name, outcome, context.errorStatus, upstream.secrets);
    record(settled, JSON.stringify({ error: { code: failure.code, message: failure.message } }), true);
    throw failure;
  }
  const text = scrubUpstreamSecrets(JSON.stringify(outcome.result), upstream.secrets);
  // The upstream's own protocol fields (`resultType`, `_meta`) are the gateway's to set for its client.
  const { resultType: _resultType, _meta, ...result } = JSON.parse(text) as Record<string, unknown>;
  record(settled, text, result.isError === true);
  return result;
}
