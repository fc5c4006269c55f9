import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { extractApiKey } from "../../core/auth/extract-api-key.ts";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import {
  type ReplayOutput,
  type ReplaySourceFailure,
  type ReplayUsage,
  replayOverridesSchema,
} from "../../core/session/session-replay.ts";
import { sessionScopeOf } from "../../core/session/session-scope.ts";
import type { AdminActor, AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { requireWriter } from "../authorize.ts";
import { findSessionScope } from "../find-session-scope.ts";
import { readAdminBody } from "../read-body.ts";

const outputView = (output: ReplayOutput) => ({ text: output.text, tool_calls: output.toolCalls });

const usageView = (usage: ReplayUsage) => ({
  input_tokens: usage.inputTokens,
  output_tokens: usage.outputTokens,
  cache_read_tokens: usage.cacheReadTokens,
  cache_write_tokens: usage.cacheWriteTokens,
});

/** The scope the gateway records the replay in: the caller key's (principal-session-scope.ts). */
function callerScope(actor: AdminActor, keyHash: string): string {
  return sessionScopeOf({ keyHash, teamId: actor.kind === "key" ? actor.teamId : null });
}

/**
 * The digest of the admin key making the call: a bearer key's own, or the key a dashboard session was
 * issued for (the browser never holds the key itself, so a cookie-authenticated replay has no token).
 */
async function callerKeyHash(c: Context<AdminHonoEnv>): Promise<string> {
  const credential = c.get("credential");
  if (credential.kind === "session") return credential.keyTokenHash;
  return sha256Hex(extractApiKey(c.req.raw.headers) ?? "");
}

function sourceError(failure: ReplaySourceFailure, sessionId: string, spanId: string): GatewayError {
  const which = (requestId: string) =>
    requestId === spanId ? `Span '${spanId}'` : `Span '${requestId}' (an earlier call of span '${spanId}')`;
  switch (failure.reason) {
    case "span_not_found":
      return notFound(`Span '${spanId}' of session '${sessionId}'`);
    case "bodies_not_recorded":
      return new GatewayError(
        "invalid_request",
        `${which(failure.requestId)} was recorded under trace policy '${failure.tracePolicy ?? "metadata"}', which keeps no message bodies; a replay needs the session recorded with trace_policy.bodies = "full".`,
        { status: 409 },
      );
    case "history_incomplete":
      return new GatewayError(
        "invalid_request",
        `The conversation of span '${spanId}' cannot be rebuilt: ${which(failure.requestId).toLowerCase()} continues a call the trace does not hold with its messages (a cache hit, or a call recorded before bodies were kept).`,
        { status: 409 },
      );
    case "tools_not_recorded":
      return new GatewayError(
        "invalid_request",
        `Span '${spanId}' offered tools whose definitions the trace does not hold (recorded before tool sets were kept, or too large); it cannot be replayed faithfully.`,
        { status: 409 },
      );
    default: {
      const unreachable: never = failure;
      return unreachable;
    }
  }
}

/**
 * POST /sessions/:id/spans/:span/replay — re-sends a recorded model call (the span id is its request id),
 * optionally with another `model`, `temperature`, `system`, `prompt` or `max_tokens`, and answers with the
 * recorded answer beside the new one (docs/decisions/0005-session-replay.md). The replay is the caller's
 * own request: made with the admin key, so its budgets, limits and model access apply and it is charged
 * to it; it is recorded as a replay in the session `replay/<id>` of the caller's scope. Admins and
 * team_admins (their team's sessions only); viewers are refused. `?scope=` as for GET /sessions/:id.
 */
export const sessionReplayRoutes = new Hono<AdminHonoEnv>().post("/sessions/:id/spans/:span/replay", async (c) => {
  const actor = c.get("actor");
  requireWriter(actor);
  const overrides = await readAdminBody(c, replayOverridesSchema);
  const sessionId = c.req.param("id");
  const spanId = c.req.param("span");
  const scope = await findSessionScope(c.env.DB, actor, sessionId, c.req.query("scope"));
  // adminAuth has accepted this key; the gateway looks it up again by digest, as it does every caller.
  const keyHash = await callerKeyHash(c);
  const result = await c.env.GATEWAY.replaySessionSpan({ keyHash, scope, sessionId, spanId, overrides });
  if (!result.ok) {
    if (result.reason === "gateway_error") {
      // The gateway's own error, already in the OpenAI envelope the admin API speaks.
      return c.json(result.body, result.status as ContentfulStatusCode);
    }
    throw sourceError(result, sessionId, spanId);
  }
  const { original, replay } = result;
  return c.json({
    span_id: result.spanId,
    original: {
      model: original.model,
      output: original.output === null ? null : outputView(original.output),
      usage: usageView(original.usage),
      cost_usd: original.costUsd,
    },
    replay: {
      request_id: replay.requestId,
      session_id: replay.sessionId,
      session_scope: callerScope(actor, keyHash),
      model: replay.model,
      output: outputView(replay.output),
      usage: usageView(replay.usage),
      cost_usd: replay.costUsd,
      latency_ms: replay.latencyMs,
    },
    warnings: result.warnings,
  });
});
