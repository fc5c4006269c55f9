import { z } from "zod";
import type { IrMessage, IrTextPart } from "../ir/request.ts";
import type { ModelCallParameters } from "./extract-session-call.ts";
import type { TraceModelCall } from "./session-trace.ts";

/**
 * What a replay may change (`POST /sessions/:id/spans/:span/replay`, docs/decisions/0005-session-replay.md).
 * `prompt` replaces the text of the conversation's last user message; `system` replaces the system prompt.
 * Strict: a misspelt override would otherwise replay the original unchanged.
 */
export const replayOverridesSchema = z.strictObject({
  model: z.string().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  system: z.string().max(1_000_000).optional(),
  prompt: z.string().min(1).max(1_000_000).optional(),
  max_tokens: z.int().positive().max(1_000_000).optional(),
});
export type ReplayOverrides = z.infer<typeof replayOverridesSchema>;

/** What a model call answered: its text and the tool calls it made. */
export interface ReplayOutput {
  text: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
}

export type ReplayUsage = TraceModelCall["usage"];

/** A recorded span rebuilt into the request it was (agent-session-replay.ts). */
export interface SessionReplaySource {
  requestId: string;
  modelGroup: string;
  parameters: ModelCallParameters;
  system: IrTextPart[];
  /** The whole conversation the call sent, rebuilt from the spans' recorded messages. */
  messages: IrMessage[];
  /**
   * The tools and tool choice offered, as the JSON of a SessionToolDefinitions value (session-tool-definitions.ts);
   * JSON because tool schemas are free-form, which RPC types cannot carry.
   */
  toolDefinitions: string | null;
  usage: ReplayUsage;
  costUsd: number;
  /** The answer, as the conversation's next call carried it back; null when no later call did. */
  output: ReplayOutput | null;
  /** What the trace did not keep and the replay sends differently (images, files, missing arguments). */
  warnings: string[];
}

/** Why a recorded span cannot be rebuilt: each names the span at fault (the target or an earlier call). */
export type ReplaySourceFailure =
  | { ok: false; reason: "span_not_found" }
  | { ok: false; reason: "bodies_not_recorded"; requestId: string; tracePolicy: string | null }
  | { ok: false; reason: "history_incomplete"; requestId: string }
  | { ok: false; reason: "tools_not_recorded"; requestId: string };

export type SessionReplaySourceResult = { ok: true; source: SessionReplaySource } | ReplaySourceFailure;

/** The replay's own call, as the gateway answered it. */
export interface ReplayCall {
  requestId: string;
  /** The session the replay was recorded in, in the caller's scope. */
  sessionId: string;
  model: string;
  output: ReplayOutput;
  usage: ReplayUsage;
  /** Null when the deployment has no price. */
  costUsd: number | null;
  latencyMs: number;
}

export type SessionReplayResult =
  | {
      ok: true;
      spanId: string;
      original: { model: string; output: ReplayOutput | null; usage: ReplayUsage; costUsd: number };
      replay: ReplayCall;
      warnings: string[];
    }
  | ReplaySourceFailure
  /** The gateway refused or failed the replayed call: its status and OpenAI error body, passed on. */
  | { ok: false; reason: "gateway_error"; status: number; body: GatewayErrorBody };

/** The OpenAI error envelope the gateway renders (render-error.ts). */
export interface GatewayErrorBody {
  error: { message: string; type: string | null; param: string | null; code: string | null };
}
