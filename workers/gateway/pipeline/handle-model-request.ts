import type { Context } from "hono";
import { costOfTokens, estimateInputTokens } from "../../core/budget/estimate-request-cost.ts";
import type { Deployment } from "../../core/config/gateway-config.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import { inboundAdapterFor } from "../../core/formats/format-registry.ts";
import type { ProviderFormat } from "../../core/providers/provider-format.ts";
import type { ProviderTransport, TransportContext } from "../../core/providers/provider-transport.ts";
import { findTransport } from "../../core/providers/transports/transport-registry.ts";
import { classifyUpstreamFailure, type UpstreamFailure } from "../../core/routing/classify-upstream-failure.ts";
import { AttemptPlanner, type PlanRequest } from "../../core/routing/plan-attempts.ts";
import { requestBudgetOf } from "../budget/request-budget-of.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { governModelRequest } from "../governance/govern-model-request.ts";
import { outboundFetch } from "../outbound-fetch.ts";
import { openResponseCache } from "../response-cache/open-response-cache.ts";
import { routingState } from "../routing-state.ts";
import { resolveRequestSession } from "../session/resolve-request-session.ts";
import { assertModelAccess } from "./assert-model-access.ts";
import { forwardSameFormat } from "./forward-same-format.ts";
import { forwardTranslated } from "./forward-translated.ts";
import { type ModelRequestScope, record } from "./model-request-scope.ts";
import { readLimitedJsonBody } from "./read-limited-json-body.ts";
import { recordingContextOf, recordRequest } from "./record-request.ts";

function workersAiBinding(env: Env): Pick<TransportContext, "ai"> {
  const ai = (env as { AI?: TransportContext["ai"] }).AI;
  return ai === undefined ? {} : { ai };
}

export interface ModelRequestOptions {
  /** Gemini puts the model in the URL, not the body. */
  modelFromPath?: string;
  /** Gemini chooses streaming by method name (`:streamGenerateContent`). */
  streamFromPath?: boolean;
}

/**
 * The format the deployment requires (Responses-only models), else the
 * client's format when the upstream speaks it (fast path), else the upstream's preferred one.
 */
function chooseUpstreamFormat(
  transport: ProviderTransport,
  deployment: Deployment,
  inbound: ApiFormat,
): ProviderFormat {
  const formats = transport.formatsFor?.(deployment) ?? transport.formats;
  if (deployment.requiredFormat !== undefined && formats.includes(deployment.requiredFormat))
    return deployment.requiredFormat;
  if (formats.includes(inbound)) return inbound;
  const preferred = formats[0];
  if (preferred === undefined)
    throw new GatewayError("config_unavailable", `Provider '${deployment.provider}' has no format.`);
  return preferred;
}

/**
 * Every model endpoint runs through here: parse the client's body into the
 * IR (validating it), route to a deployment, then take the fast path when
 * the upstream speaks the client's format, else translate.
 */
export async function handleModelRequest(
  c: Context<GatewayHonoEnv>,
  format: ApiFormat,
  options: ModelRequestOptions = {},
): Promise<Response> {
  const inbound = inboundAdapterFor(format);
  const { value: body, byteLength } = await readLimitedJsonBody(c, format);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GatewayError("invalid_request", "The request body must be a JSON object.");
  }
  const ir = inbound.parseRequest(body);
  const modelGroup = options.modelFromPath ?? ir.model;
  if (options.streamFromPath !== undefined) ir.stream = options.streamFromPath;
  assertModelAccess(c.get("principal"), modelGroup);
  const config = c.get("config");
  const routingRequest = routingRequestOf(c.req.raw.headers, body as Record<string, unknown>, modelGroup, ir.stream);
  const session = await resolveRequestSession(c, body as Record<string, unknown>);
  // Kill switches, loop breaker, cost approval: returns at once for keys without an agent (governance/).
  await governModelRequest(c, {
    body: body as Record<string, unknown>,
    ir,
    modelGroup,
    session,
    inputTokenEstimate: estimateInputTokens(byteLength),
  });
  const responseCache = await openResponseCache(c, { format, body: body as Record<string, unknown>, ir, modelGroup });
  if (responseCache.hit !== undefined) return responseCache.hit;
  const planner = new AttemptPlanner(config, routingState.stats, routingState.cooldowns(config), routingRequest, {
    now: Date.now,
    random: Math.random,
  });
  const base = {
    c,
    inbound,
    body: body as Record<string, unknown>,
    ir,
    stream: ir.stream,
    session,
    // The route's speaks() middleware has set apiFormat to `format`.
    recording: recordingContextOf(c),
    budget: requestBudgetOf(c),
    inputTokenEstimate: estimateInputTokens(byteLength),
    assembleFromStream: false,
    transportContext: {
      now: () => new Date(),
      // Checked against the outbound URL policy, redirects never followed (workers/core/security/).
      fetch: outboundFetch(c.env),
      // Workers AI through its binding when `[ai] binding = "AI"` is added to wrangler.toml (a remote-only
      // binding, so it is off by default to keep local dev and tests offline); else over REST.
      ...workersAiBinding(c.env),
    },
  };

  // Retries, order tiers and fallbacks: the planner says what to try next; a
  // failure before the first byte reaches the client is fed back to it. Only
  // the request's final outcome is recorded.
  let failure: UpstreamFailure | undefined;
  let lastScope: ModelRequestScope | undefined;
  for (;;) {
    const step = planner.next(failure);
    if (step.kind === "give-up") {
      if (lastScope !== undefined) record(lastScope, { status: step.error.status, errorKind: step.error.code });
      // Refused before any attempt (every deployment cooling down, unknown model): nothing was held or
      // spent, but the client got a request id, and every request id has its record.
      else
        recordRequest(base.recording, {
          modelGroup,
          deployment: undefined,
          usage: undefined,
          status: step.error.status,
          errorKind: step.error.code,
          stream: ir.stream,
          timeToFirstTokenMs: undefined,
          sessionId: base.session?.sessionId,
          request: ir,
        });
      throw step.error;
    }
    if (step.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    const scope = attemptScope(base, step.deployment, step.group, step.attempt, format);
    lastScope = scope;
    try {
      await holdBudget(scope);
    } catch (thrown) {
      record(scope, {
        status: thrown instanceof GatewayError ? thrown.status : 500,
        errorKind: thrown instanceof GatewayError ? thrown.code : "internal",
      });
      throw thrown;
    }
    const sentAt = Date.now();
    routingState.stats.onStart(step.deployment.id, sentAt);
    try {
      const sameFormat = scope.upstreamFormat === format && !scope.assembleFromStream;
      const response = await (sameFormat ? forwardSameFormat(scope) : forwardTranslated(scope));
      planner.recordSuccess();
      return responseCache.store(response, scope);
    } catch (thrown) {
      routingState.stats.onEnd(
        step.deployment.id,
        { latencyMs: Date.now() - sentAt, tokens: 0, ok: false },
        Date.now(),
      );
      if (!isUpstreamFailure(thrown)) {
        record(scope, {
          status: thrown instanceof GatewayError ? thrown.status : 500,
          errorKind: thrown instanceof GatewayError ? thrown.code : "internal",
        });
        throw thrown;
      }
      failure = classifyUpstreamFailure({
        ...(thrown.upstreamStatus === undefined ? {} : { status: thrown.upstreamStatus }),
        code: thrown.code,
        ...(thrown.upstreamMessage === undefined ? {} : { message: thrown.upstreamMessage }),
        retryAfter: thrown.retryAfterSeconds === undefined ? null : String(thrown.retryAfterSeconds),
        error: thrown,
        provider: step.deployment.provider,
      });
    }
  }
}

/**
 * Before an attempt's upstream call: hold the input estimate plus one slice
 * of output (or the whole of a smaller max_tokens) at this deployment's
 * price in every scope. A non-streaming request that may outgrow that is
 * streamed upstream and assembled, so it is metered too.
 */
async function holdBudget(scope: ModelRequestScope): Promise<void> {
  const budget = scope.budget;
  if (budget === undefined) return;
  const maxOutput = scope.ir.maxOutputTokens;
  const allowance = maxOutput === undefined ? budget.sliceTokens : Math.min(maxOutput, budget.sliceTokens);
  const pricing = scope.deployment.pricing;
  const amountUsd = costOfTokens(pricing, scope.inputTokenEstimate, allowance) ?? null;
  await budget.ensureHeld(amountUsd, scope.inputTokenEstimate + allowance);
  const mayOutgrow = maxOutput === undefined || maxOutput > budget.sliceTokens;
  scope.assembleFromStream = !scope.stream && budget.metered && pricing !== undefined && mayOutgrow;
}

type ScopeBase = Omit<
  ModelRequestScope,
  "modelGroup" | "deployment" | "transport" | "upstreamFormat" | "attempt" | "onRecorded"
>;

function attemptScope(
  base: ScopeBase,
  deployment: Deployment,
  group: string,
  attempt: number,
  format: ApiFormat,
): ModelRequestScope {
  const transport = findTransport(deployment.provider);
  if (transport === undefined) {
    throw new GatewayError("config_unavailable", `Provider '${deployment.provider}' is not supported.`, {
      provider: deployment.provider,
    });
  }
  const startedAt = Date.now();
  return {
    ...base,
    modelGroup: group,
    deployment,
    transport,
    upstreamFormat: chooseUpstreamFormat(transport, deployment, format),
    attempt,
    onRecorded: (outcome) => {
      if (outcome.status >= 400) return;
      const tokens = (outcome.usage?.inputTokens.total ?? 0) + (outcome.usage?.outputTokens.total ?? 0);
      routingState.stats.onEnd(
        deployment.id,
        {
          latencyMs: Date.now() - startedAt,
          tokens,
          ok: outcome.errorKind === undefined,
          ...(outcome.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: outcome.timeToFirstTokenMs }),
        },
        Date.now(),
      );
    },
  };
}

/** Errors that came from the upstream (or reaching it), which retries and fallbacks may cure. */
function isUpstreamFailure(thrown: unknown): thrown is GatewayError {
  if (!(thrown instanceof GatewayError)) return false;
  if (thrown.upstreamStatus !== undefined) return true;
  return (
    thrown.code === "upstream_error" || thrown.code === "upstream_timeout" || thrown.code === "upstream_unreachable"
  );
}

/**
 * Routing inputs from the request: tags (`x-switchyard-tags` header, comma
 * separated, or body `metadata.tags` / `tags`) and a per-request override
 * (`x-switchyard-deployment-id`, `x-switchyard-routing-strategy`, or the same
 * names in `metadata`).
 */
function routingRequestOf(
  headers: Headers,
  body: Record<string, unknown>,
  model: string,
  stream: boolean,
): PlanRequest {
  const metadata = (typeof body.metadata === "object" && body.metadata !== null ? body.metadata : {}) as Record<
    string,
    unknown
  >;
  const headerTags = headers.get("x-switchyard-tags");
  const bodyTags = Array.isArray(metadata.tags) ? metadata.tags : Array.isArray(body.tags) ? body.tags : [];
  const tags =
    headerTags !== null
      ? headerTags
          .split(",")
          .map((tag) => tag.trim())
          .filter((tag) => tag !== "")
      : bodyTags.filter((tag): tag is string => typeof tag === "string");
  const deploymentId =
    headers.get("x-switchyard-deployment-id") ??
    (typeof metadata.deployment_id === "string" ? metadata.deployment_id : undefined);
  const strategy =
    headers.get("x-switchyard-routing-strategy") ??
    (typeof metadata.routing_strategy === "string" ? metadata.routing_strategy : undefined);
  const override = {
    ...(deploymentId === undefined || deploymentId === null ? {} : { deploymentId }),
    ...(strategy === undefined || strategy === null ? {} : { strategy }),
  };
  return {
    model,
    stream,
    ...(tags.length > 0 ? { tags } : {}),
    ...(Object.keys(override).length > 0 ? { override } : {}),
  };
}
