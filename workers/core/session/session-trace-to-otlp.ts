import type { SessionTrace, TraceModelCall, TraceToolCall } from "./session-trace.ts";

/**
 * A session trace as OTLP/HTTP JSON (`ExportTraceServiceRequest`), with the OpenTelemetry GenAI semantic
 * conventions (https://opentelemetry.io/docs/specs/semconv/gen-ai/, status Development):
 *   invoke_agent {agent}   the session (root; gen_ai.agent.id, gen_ai.conversation.id)
 *   turn {n}               one per turn (no GenAI operation of its own)
 *   chat {model}           each model call: gen_ai.request.model, gen_ai.usage.input_tokens/output_tokens, …
 *   execute_tool {name}    each tool call, under the call that produced it: gen_ai.tool.name, gen_ai.tool.call.id,
 *                          and the opt-in gen_ai.tool.call.arguments/result when the trace kept them
 * Ids are hex (as OTLP/JSON wants) and derived from the session and request ids, so exporting twice
 * gives the same trace. A tool span runs from its producing call's end to the arrival of the request
 * that carried its result back.
 */
type AttributeValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: AttributeValue }>;
  status: { code: number; message?: string };
}

export interface OtlpTraceExport {
  resourceSpans: Array<{
    resource: { attributes: OtlpSpan["attributes"] };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpSpan[] }>;
  }>;
}

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_CLIENT = 3;
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

type Attributes = Record<string, string | number | boolean | null | undefined>;

function attributes(values: Attributes): OtlpSpan["attributes"] {
  const result: OtlpSpan["attributes"] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    if (typeof value === "string") result.push({ key, value: { stringValue: value } });
    else if (typeof value === "boolean") result.push({ key, value: { boolValue: value } });
    else if (Number.isInteger(value)) result.push({ key, value: { intValue: String(value) } });
    else result.push({ key, value: { doubleValue: value } });
  }
  return result;
}

function nanos(epochMs: number): string {
  return (BigInt(Math.round(epochMs * 1000)) * 1000n).toString();
}

async function hexId(text: string, bytes: number): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest.slice(0, bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function callEnd(call: TraceModelCall): number {
  return call.startedAt + call.latencyMs;
}

function chatAttributes(trace: SessionTrace, call: TraceModelCall): Attributes {
  return {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": call.provider,
    "gen_ai.request.model": call.modelGroup,
    "gen_ai.response.model": call.upstreamModel,
    "gen_ai.request.temperature": call.parameters?.temperature,
    "gen_ai.request.top_p": call.parameters?.topP,
    "gen_ai.request.max_tokens": call.parameters?.maxOutputTokens,
    "gen_ai.usage.input_tokens": call.usage.inputTokens,
    "gen_ai.usage.output_tokens": call.usage.outputTokens,
    "gen_ai.conversation.id": trace.sessionId,
    "gen_ai.agent.id": trace.agentId,
    "http.response.status_code": call.status,
    "error.type": call.errorKind,
    "switchyard.request_id": call.requestId,
    "switchyard.deployment": call.deployment,
    "switchyard.cost_usd": call.costUsd,
    "switchyard.time_to_first_token_ms": call.timeToFirstTokenMs,
    "switchyard.stream": call.stream,
    "switchyard.cache_hit": call.cacheHit,
  };
}

function toolAttributes(trace: SessionTrace, tool: TraceToolCall): Attributes {
  return {
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": tool.name,
    "gen_ai.tool.call.id": tool.toolCallId,
    "gen_ai.tool.type": "function",
    "gen_ai.tool.call.arguments": tool.arguments,
    "gen_ai.tool.call.result": tool.result,
    "gen_ai.conversation.id": trace.sessionId,
    "gen_ai.agent.id": trace.agentId,
    "error.type": tool.isError === true ? "tool_error" : undefined,
  };
}

export async function sessionTraceToOtlp(trace: SessionTrace, serviceName: string): Promise<OtlpTraceExport> {
  const base = `${trace.scope}/${trace.sessionId}`;
  const traceId = await hexId(`trace|${base}`, 16);
  const spanId = (key: string) => hexId(`span|${base}|${key}`, 8);
  const rootId = await spanId("session");
  const calls = trace.turns.flatMap((turn) => turn.modelCalls);
  const start = trace.startedAt ?? 0;
  const end = Math.max(start, ...calls.map(callEnd));
  const spans: OtlpSpan[] = [
    {
      traceId,
      spanId: rootId,
      name: `invoke_agent ${trace.agentId ?? "session"}`,
      kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanos(start),
      endTimeUnixNano: nanos(end),
      attributes: attributes({
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.id": trace.agentId,
        "gen_ai.conversation.id": trace.sessionId,
        "gen_ai.usage.input_tokens": trace.totals.inputTokens,
        "gen_ai.usage.output_tokens": trace.totals.outputTokens,
        "switchyard.session.scope": trace.scope,
        "switchyard.cost_usd": trace.totals.costUsd,
      }),
      status: { code: STATUS_UNSET },
    },
  ];
  for (const turn of trace.turns) {
    const turnId = await spanId(`turn|${turn.turnId}`);
    const turnEnd = Math.max(turn.startedAt, ...turn.modelCalls.map(callEnd));
    spans.push({
      traceId,
      spanId: turnId,
      parentSpanId: rootId,
      name: `turn ${turn.index}`,
      kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanos(turn.startedAt),
      endTimeUnixNano: nanos(turnEnd),
      attributes: attributes({ "switchyard.turn.index": turn.index, "switchyard.cost_usd": turn.costUsd }),
      status: { code: STATUS_UNSET },
    });
    for (const call of turn.modelCalls) {
      const callId = await spanId(`call|${call.requestId}`);
      const failed = call.status >= 400 || call.errorKind !== null;
      spans.push({
        traceId,
        spanId: callId,
        parentSpanId: turnId,
        name: `chat ${call.modelGroup}`,
        kind: SPAN_KIND_CLIENT,
        startTimeUnixNano: nanos(call.startedAt),
        endTimeUnixNano: nanos(callEnd(call)),
        attributes: attributes(chatAttributes(trace, call)),
        status: failed
          ? { code: STATUS_ERROR, message: call.errorKind ?? `HTTP ${call.status}` }
          : { code: STATUS_UNSET },
      });
      for (const tool of call.toolCalls) {
        const toolStart = callEnd(call);
        spans.push({
          traceId,
          spanId: await spanId(`tool|${tool.toolCallId}`),
          parentSpanId: callId,
          name: `execute_tool ${tool.name}`,
          kind: SPAN_KIND_INTERNAL,
          startTimeUnixNano: nanos(toolStart),
          endTimeUnixNano: nanos(Math.max(toolStart, tool.observedAt)),
          attributes: attributes(toolAttributes(trace, tool)),
          status: tool.isError === true ? { code: STATUS_ERROR, message: "tool_error" } : { code: STATUS_UNSET },
        });
      }
    }
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes({ "service.name": serviceName }) },
        scopeSpans: [{ scope: { name: "switchyard.sessions", version: "1" }, spans }],
      },
    ],
  };
}
