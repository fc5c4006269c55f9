import type { ModelCallParameters } from "../session/extract-session-call.ts";
import {
  type AttributeInput,
  type OtlpSpan,
  otlpAttributes,
  otlpHexId,
  SPAN_KIND_CLIENT,
  SPAN_KIND_INTERNAL,
  STATUS_ERROR,
  STATUS_UNSET,
  unixNanos,
} from "./otlp-trace-json.ts";

/**
 * Spans with the OpenTelemetry GenAI semantic conventions (https://opentelemetry.io/docs/specs/semconv/gen-ai/,
 * status Development), shared by the on-demand session export and the spend queue's push export so both
 * describe a call the same way, with the same ids:
 *   chat {model}          a model call: gen_ai.request.model, gen_ai.response.model, gen_ai.usage.*, cost
 *   execute_tool {name}   a tool call: gen_ai.tool.name, gen_ai.tool.call.id, and the opt-in arguments/result
 *   invoke_agent {agent}  an agent's work
 */

/** The service name exported traces carry (the gateway records them). */
export const OTLP_SERVICE_NAME = "switchyard-gateway";

export interface SpanPlacement {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** What a chat span says about one model call; `sessionId` becomes gen_ai.conversation.id. */
export interface ChatCallFacts {
  requestId: string;
  startedAt: number;
  latencyMs: number;
  modelGroup: string;
  provider: string | null;
  upstreamModel: string | null;
  deployment: string | null;
  apiFormat: string | null;
  parameters: ModelCallParameters | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  status: number;
  errorKind: string | null;
  timeToFirstTokenMs: number | null;
  stream: boolean | null;
  cacheHit: boolean;
  sessionId: string | null;
  agentId: string | null;
}

export interface ToolCallFacts {
  toolCallId: string;
  name: string;
  /** Redacted raw text, or null when the trace policy kept none. */
  arguments: string | null;
  result: string | null;
  isError: boolean | null;
  sessionId: string | null;
  agentId: string | null;
}

/**
 * Trace and span ids of one session (`<scope>/<session id>`), or of a lone request: every call of a
 * session lands in one trace, and exporting twice gives the same ids.
 */
export function sessionOtlpIds(base: string) {
  return {
    traceId: () => otlpHexId(`trace|${base}`, 16),
    spanId: (key: string) => otlpHexId(`span|${base}|${key}`, 8),
  };
}

export function chatCallEnd(call: Pick<ChatCallFacts, "startedAt" | "latencyMs">): number {
  return call.startedAt + call.latencyMs;
}

function chatAttributes(call: ChatCallFacts, extra: AttributeInput): AttributeInput {
  return {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": call.provider,
    // The pre-1.37 name of gen_ai.provider.name, still what many backends group by.
    "gen_ai.system": call.provider,
    "gen_ai.request.model": call.modelGroup,
    "gen_ai.response.model": call.upstreamModel,
    "gen_ai.request.temperature": call.parameters?.temperature,
    "gen_ai.request.top_p": call.parameters?.topP,
    "gen_ai.request.max_tokens": call.parameters?.maxOutputTokens,
    "gen_ai.usage.input_tokens": call.inputTokens,
    "gen_ai.usage.output_tokens": call.outputTokens,
    "gen_ai.usage.cache_read.input_tokens": call.cacheReadTokens,
    "gen_ai.usage.cache_creation.input_tokens": call.cacheWriteTokens,
    "gen_ai.conversation.id": call.sessionId,
    "gen_ai.agent.id": call.agentId,
    "http.response.status_code": call.status,
    "error.type": call.errorKind,
    "switchyard.request_id": call.requestId,
    "switchyard.deployment": call.deployment,
    "switchyard.api_format": call.apiFormat,
    "switchyard.cost_usd": call.costUsd,
    "switchyard.time_to_first_token_ms": call.timeToFirstTokenMs,
    "switchyard.stream": call.stream,
    "switchyard.cache_hit": call.cacheHit,
    ...extra,
  };
}

export function chatSpan(placement: SpanPlacement, call: ChatCallFacts, extra: AttributeInput = {}): OtlpSpan {
  const failed = call.status >= 400 || call.errorKind !== null;
  return {
    ...placement,
    name: `chat ${call.modelGroup}`,
    kind: SPAN_KIND_CLIENT,
    startTimeUnixNano: unixNanos(call.startedAt),
    endTimeUnixNano: unixNanos(chatCallEnd(call)),
    attributes: otlpAttributes(chatAttributes(call, extra)),
    status: failed ? { code: STATUS_ERROR, message: call.errorKind ?? `HTTP ${call.status}` } : { code: STATUS_UNSET },
  };
}

export function toolSpan(placement: SpanPlacement, tool: ToolCallFacts, startMs: number, endMs: number): OtlpSpan {
  return {
    ...placement,
    name: `execute_tool ${tool.name}`,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: unixNanos(startMs),
    endTimeUnixNano: unixNanos(Math.max(startMs, endMs)),
    attributes: otlpAttributes({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": tool.name,
      "gen_ai.tool.call.id": tool.toolCallId,
      "gen_ai.tool.type": "function",
      "gen_ai.tool.call.arguments": tool.arguments,
      "gen_ai.tool.call.result": tool.result,
      "gen_ai.conversation.id": tool.sessionId,
      "gen_ai.agent.id": tool.agentId,
      "error.type": tool.isError === true ? "tool_error" : undefined,
    }),
    status: tool.isError === true ? { code: STATUS_ERROR, message: "tool_error" } : { code: STATUS_UNSET },
  };
}

export function agentSpan(
  placement: SpanPlacement,
  agent: { agentId: string | null; sessionId: string | null; startMs: number; endMs: number },
  attributes: AttributeInput,
): OtlpSpan {
  return {
    ...placement,
    name: `invoke_agent ${agent.agentId ?? "session"}`,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: unixNanos(agent.startMs),
    endTimeUnixNano: unixNanos(Math.max(agent.startMs, agent.endMs)),
    attributes: otlpAttributes({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.id": agent.agentId,
      "gen_ai.conversation.id": agent.sessionId,
      ...attributes,
    }),
    status: { code: STATUS_UNSET },
  };
}
