import {
  agentSpan,
  type ChatCallFacts,
  chatCallEnd,
  chatSpan,
  sessionOtlpIds,
  toolSpan,
} from "../otlp/gen-ai-spans.ts";
import {
  type OtlpSpan,
  type OtlpTraceExport,
  otlpAttributes,
  otlpTraceExport,
  SPAN_KIND_INTERNAL,
  STATUS_UNSET,
  unixNanos,
} from "../otlp/otlp-trace-json.ts";
import type { SessionTrace, TraceModelCall } from "./session-trace.ts";

export type { OtlpSpan, OtlpTraceExport } from "../otlp/otlp-trace-json.ts";

/**
 * A session trace as OTLP/HTTP JSON (`ExportTraceServiceRequest`), with the GenAI spans of
 * workers/core/otlp/gen-ai-spans.ts:
 *   invoke_agent {agent}   the session (root; gen_ai.agent.id, gen_ai.conversation.id)
 *   turn {n}               one per turn (no GenAI operation of its own)
 *   chat {model}           each model call
 *   execute_tool {name}    each tool call, under the call that produced it, with the opt-in
 *                          gen_ai.tool.call.arguments/result when the trace kept them
 * Ids are derived from the session and request ids (the push export of the spend queue uses the same),
 * so exporting twice gives the same trace. A tool span runs from its producing call's end to the arrival
 * of the request that carried its result back.
 */
function chatFacts(trace: SessionTrace, call: TraceModelCall): ChatCallFacts {
  return {
    ...call,
    ...call.usage,
    sessionId: trace.sessionId,
    agentId: trace.agentId,
  };
}

export async function sessionTraceToOtlp(trace: SessionTrace, serviceName: string): Promise<OtlpTraceExport> {
  const ids = sessionOtlpIds(`${trace.scope}/${trace.sessionId}`);
  const traceId = await ids.traceId();
  const rootId = await ids.spanId("session");
  const calls = trace.turns.flatMap((turn) => turn.modelCalls);
  const start = trace.startedAt ?? 0;
  const spans: OtlpSpan[] = [
    agentSpan(
      { traceId, spanId: rootId },
      {
        agentId: trace.agentId,
        sessionId: trace.sessionId,
        startMs: start,
        endMs: Math.max(start, ...calls.map(chatCallEnd)),
      },
      {
        "gen_ai.usage.input_tokens": trace.totals.inputTokens,
        "gen_ai.usage.output_tokens": trace.totals.outputTokens,
        "switchyard.session.scope": trace.scope,
        "switchyard.cost_usd": trace.totals.costUsd,
      },
    ),
  ];
  for (const turn of trace.turns) {
    const turnId = await ids.spanId(`turn|${turn.turnId}`);
    spans.push({
      traceId,
      spanId: turnId,
      parentSpanId: rootId,
      name: `turn ${turn.index}`,
      kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: unixNanos(turn.startedAt),
      endTimeUnixNano: unixNanos(Math.max(turn.startedAt, ...turn.modelCalls.map(chatCallEnd))),
      attributes: otlpAttributes({ "switchyard.turn.index": turn.index, "switchyard.cost_usd": turn.costUsd }),
      status: { code: STATUS_UNSET },
    });
    for (const call of turn.modelCalls) {
      const callId = await ids.spanId(`call|${call.requestId}`);
      spans.push(chatSpan({ traceId, spanId: callId, parentSpanId: turnId }, chatFacts(trace, call)));
      for (const tool of call.toolCalls) {
        const placement = { traceId, spanId: await ids.spanId(`tool|${tool.toolCallId}`), parentSpanId: callId };
        const facts = { ...tool, sessionId: trace.sessionId, agentId: trace.agentId };
        spans.push(toolSpan(placement, facts, chatCallEnd(call), tool.observedAt));
      }
    }
  }
  return otlpTraceExport(serviceName, "switchyard.sessions", spans);
}
