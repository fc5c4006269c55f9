import { z } from "zod";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { decodeOpenAiChatResponse } from "../../core/formats/openai-chat/decode-openai-chat-response.ts";
import type { IrResponse } from "../../core/ir/response.ts";
import { parseRpcInput } from "../../core/rpc/parse-rpc-input.ts";
import { buildReplayChatRequest } from "../../core/session/build-replay-chat-request.ts";
import { MAX_SESSION_ID_LENGTH } from "../../core/session/session-identity.ts";
import {
  type GatewayErrorBody,
  type ReplayOutput,
  replayOverridesSchema,
  type SessionReplayResult,
} from "../../core/session/session-replay.ts";
import { sessionObjectName } from "../../core/session/session-scope.ts";
import { gatewayApp } from "../app.ts";
import { vouchForCaller } from "../middleware/vouched-caller.ts";
import { markReplayRequest } from "./replay-request-mark.ts";

export const replaySpanInputSchema = z.object({
  /**
   * SHA-256 (hex) of the admin's own key, which the admin worker has authenticated (by bearer key or by
   * dashboard session): the replay is looked up, budgeted and charged as that key's request.
   */
  keyHash: z.string().regex(/^[0-9a-f]{64}$/, "expected a SHA-256 hex digest"),
  scope: z.string().min(1),
  sessionId: z.string().min(1),
  spanId: z.string().min(1),
  overrides: replayOverridesSchema,
});
export type ReplaySpanInput = z.input<typeof replaySpanInputSchema>;

const REPLAY_SESSION_PREFIX = "replay/";

/** Replays of a session are recorded together, in the caller's scope, as `replay/<session id>`. */
async function replaySessionIdOf(sessionId: string): Promise<string> {
  const named = `${REPLAY_SESSION_PREFIX}${sessionId}`;
  if (named.length <= MAX_SESSION_ID_LENGTH) return named;
  return `${REPLAY_SESSION_PREFIX}${(await sha256Hex(sessionId)).slice(0, 32)}`;
}

function outputOf(response: IrResponse): ReplayOutput {
  return {
    text: response.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join(""),
    toolCalls: response.content.flatMap((part) =>
      part.type === "tool-call" ? [{ id: part.id, name: part.name, arguments: part.arguments }] : [],
    ),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const errorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.string().nullish(),
  }),
});

function errorBodyOf(text: string, status: number): GatewayErrorBody {
  const parsed = errorEnvelopeSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    return {
      error: { message: `The gateway answered the replay with status ${status}.`, type: null, param: null, code: null },
    };
  }
  const { message, type, param, code } = parsed.data.error;
  return { error: { message, type: type ?? null, param: param ?? null, code: code ?? null } };
}

/**
 * Replays a recorded span (docs/decisions/0005-session-replay.md): rebuilds its request in the session's
 * object, then runs it through the gateway app itself as a Chat Completions call made with the admin's
 * key, so authentication, model access, budgets, routing, pricing and recording all apply, and the cost
 * is the admin's. The call's recording (spend record, span) runs in waitUntil; it is awaited here, so
 * the replay's span is in its session before the admin has the answer.
 */
export async function replaySessionSpan(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  input: ReplaySpanInput,
): Promise<SessionReplayResult> {
  const { keyHash, scope, sessionId, spanId, overrides } = parseRpcInput(
    "AdminRpc",
    "replaySessionSpan",
    replaySpanInputSchema,
    input,
  );
  const found = await env.AGENT_SESSION.getByName(sessionObjectName(scope, sessionId)).replaySource(spanId);
  if (!found.ok) return found;
  const { source } = found;

  const replaySessionId = await replaySessionIdOf(sessionId);
  const request = new Request("https://gateway.internal/v1/chat/completions", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-switchyard-session": replaySessionId,
      // A replay asks the model again: never answered from, nor stored in, the response cache.
      "cache-control": "no-cache, no-store",
    },
    body: JSON.stringify(buildReplayChatRequest(source, overrides)),
  });
  markReplayRequest(request, spanId);
  vouchForCaller(request, keyHash);
  const pending: Promise<unknown>[] = [];
  const executionContext = {
    waitUntil: (promise: Promise<unknown>) => {
      pending.push(promise);
      waitUntil(promise);
    },
    passThroughOnException: () => {},
    props: {},
  };
  const sentAt = Date.now();
  const response = await gatewayApp.fetch(request, env, executionContext);
  const text = await response.text();
  const latencyMs = Date.now() - sentAt;
  // Recording may schedule more work while it runs; wait until nothing new was added.
  for (let settled = 0; settled < pending.length; ) {
    const batch = pending.slice(settled);
    settled = pending.length;
    await Promise.allSettled(batch);
  }

  if (!response.ok) {
    return { ok: false, reason: "gateway_error", status: response.status, body: errorBodyOf(text, response.status) };
  }
  const answer = decodeOpenAiChatResponse(parseJson(text));
  const cost = Number(response.headers.get("x-switchyard-response-cost") ?? Number.NaN);
  return {
    ok: true,
    spanId,
    original: { model: source.modelGroup, output: source.output, usage: source.usage, costUsd: source.costUsd },
    replay: {
      requestId: response.headers.get("x-request-id") ?? "",
      sessionId: replaySessionId,
      model: overrides.model ?? source.modelGroup,
      output: outputOf(answer),
      usage: {
        inputTokens: answer.usage.inputTokens.total,
        outputTokens: answer.usage.outputTokens.total,
        cacheReadTokens: answer.usage.inputTokens.cacheRead,
        cacheWriteTokens: answer.usage.inputTokens.cacheWrite,
      },
      costUsd: Number.isFinite(cost) ? cost : null,
      latencyMs,
    },
    warnings: source.warnings,
  };
}
