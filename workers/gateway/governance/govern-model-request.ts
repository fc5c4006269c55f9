import type { Context } from "hono";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { costOfTokens } from "../../core/budget/estimate-request-cost.ts";
import type { GatewayConfig } from "../../core/config/gateway-config.ts";
import type { IrRequest } from "../../core/ir/request.ts";
import { tryResolveModelGroup } from "../../core/routing/resolve-model-group.ts";
import type { SessionIdentity } from "../../core/session/session-identity.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { principalSessionScope } from "../session/principal-session-scope.ts";
import { checkSessionControls } from "./check-session-controls.ts";
import { governanceRefusal } from "./governance-refusal-error.ts";
import { requestApproval } from "./request-approval.ts";

/** Output assumed for a request that sets no max_tokens, for the approval estimate only. */
const DEFAULT_OUTPUT_ESTIMATE_TOKENS = 4096;

export interface GovernedModelRequest {
  body: Record<string, unknown>;
  ir: IrRequest;
  modelGroup: string;
  session: SessionIdentity | undefined;
  inputTokenEstimate: number;
}

/**
 * The model path's one governance hook, before routing (and before the response cache, so a stopped
 * agent gets no cached answers either). Keys without a governed agent (no session limits, no approval
 * policy, no active kill switch) return at once: no object is called. A governed agent's request costs
 * one AgentControl round trip (kill switches and loop breaker), plus an approval wait only when the
 * agent sets `approval.model_cost_threshold_usd` and the estimate is above it.
 */
export async function governModelRequest(c: Context<GatewayHonoEnv>, request: GovernedModelRequest): Promise<void> {
  const principal = c.get("principal");
  if (principal.kind !== "virtual" || principal.key.agentId === null || principal.key.governance === null) return;
  const { agentId, governance } = principal.key;
  const limits = governance.sessionLimits;
  const threshold = governance.approval?.modelCostThresholdUsd ?? null;
  const sessionId = request.session?.sessionId ?? null;
  const scope = principalSessionScope(principal);
  const estimatedCostUsd = threshold === null ? null : estimateCost(c.get("config"), request);
  const countsRepeats = sessionId !== null && limits?.maxRepeatedModelRequests != null;
  const check = await checkSessionControls(
    c.env,
    {
      scope,
      sessionId,
      agentId,
      keyHash: principal.keyHash,
      event: {
        kind: "model_call",
        // Hashing the body is only worth it where identical requests are counted.
        requestHash: countsRepeats ? await sha256Hex(JSON.stringify(request.body)) : "-",
        estimatedCostUsd,
      },
    },
    { limits },
  );
  if (!check.ok) throw governanceRefusal(check.reason, check.message);
  if (threshold === null || (estimatedCostUsd !== null && estimatedCostUsd <= threshold)) return;
  const estimate = estimatedCostUsd === null ? "cost unknown" : `~$${estimatedCostUsd.toFixed(4)}`;
  const outcome = await requestApproval(c.env, {
    scope,
    sessionId,
    agentId,
    kind: "model_call",
    subject: `model ${request.modelGroup} ${estimate} (threshold $${threshold})`,
    detail: {
      model: request.modelGroup,
      estimated_cost_usd: estimatedCostUsd,
      input_tokens_estimate: request.inputTokenEstimate,
      max_output_tokens: request.ir.maxOutputTokens ?? null,
      stream: request.ir.stream,
      messages: request.ir.messages.length,
      tools: request.ir.tools.length,
      request_id: c.get("requestId"),
    },
    timeoutMs: governance.approval?.timeoutMs ?? 0,
  });
  if (outcome.decision === "approved") return;
  const because = outcome.reason === null ? "" : `: ${outcome.reason}`;
  throw outcome.decision === "rejected"
    ? governanceRefusal("approval_rejected", `An approver rejected this model call (${outcome.approvalId})${because}.`)
    : governanceRefusal(
        "approval_timed_out",
        `This model call needed approval and no approver decided in time (${outcome.approvalId}).`,
      );
}

/**
 * The request's cost at the priciest deployment of its model group: the input estimate from the body's
 * size plus max_tokens (or 4096) of output. Undefined prices make the estimate unknown (null), which
 * an approval threshold treats as above it: a call that cannot be priced cannot be shown to be cheap.
 */
function estimateCost(config: GatewayConfig, request: GovernedModelRequest): number | null {
  const deployments = tryResolveModelGroup(config, request.modelGroup)?.deployments ?? [];
  const output = request.ir.maxOutputTokens ?? DEFAULT_OUTPUT_ESTIMATE_TOKENS;
  let highest: number | null = null;
  for (const deployment of deployments) {
    const cost = costOfTokens(deployment.pricing, request.inputTokenEstimate, output);
    if (cost === undefined) return null;
    highest = Math.max(highest ?? 0, cost);
  }
  return highest;
}
