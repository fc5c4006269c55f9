import type { SessionIndexEntry } from "../session/session-index-entry.ts";
import type { SpendRecord } from "../spend/spend-record.ts";
import { agentSpan, chatCallEnd, chatSpan, OTLP_SERVICE_NAME, sessionOtlpIds, toolSpan } from "./gen-ai-spans.ts";
import { type OtlpSpan, type OtlpTraceExport, otlpTraceExport } from "./otlp-trace-json.ts";

/** A spend queue message as the consumer reads it (workers/gateway/spend/spend-queue-message.ts). */
export type SpendCall = SpendRecord & { session?: SessionIndexEntry | undefined };

/**
 * The spans of a batch of spend records, for the push export: per call a `chat` span (its id from the
 * request id, as in the session export), under an `invoke_agent` span when the key is an agent's, with
 * an `execute_tool` child per tool call the request carried back. Calls of a session share the
 * session's trace id; a call outside a session is its own trace. The gateway sees a tool call only
 * when the client sends it back, so its span is the moment of that request, not the tool's runtime.
 */
export async function spendCallSpans(call: SpendCall): Promise<OtlpSpan[]> {
  const ids = sessionOtlpIds(
    call.session === undefined ? `request/${call.requestId}` : `${call.session.scope}/${call.session.sessionId}`,
  );
  const traceId = await ids.traceId();
  const sessionId = call.session?.sessionId ?? null;
  const spans: OtlpSpan[] = [];
  let parentSpanId: string | undefined;
  if (call.agentId !== null) {
    parentSpanId = await ids.spanId(`agent|${call.requestId}`);
    const timing = { startMs: call.startedAt, endMs: chatCallEnd(call) };
    spans.push(agentSpan({ traceId, spanId: parentSpanId }, { agentId: call.agentId, sessionId, ...timing }, {}));
  }
  const chatId = await ids.spanId(`call|${call.requestId}`);
  const placement =
    parentSpanId === undefined ? { traceId, spanId: chatId } : { traceId, spanId: chatId, parentSpanId };
  spans.push(chatSpan(placement, { ...call, parameters: null, sessionId }, { "switchyard.team_id": call.teamId }));
  for (const tool of call.session?.toolCalls ?? []) {
    const facts = { toolCallId: tool.id, name: tool.name, arguments: tool.arguments, result: null, isError: null };
    spans.push(
      toolSpan(
        { traceId, spanId: await ids.spanId(`tool|${tool.id}`), parentSpanId: chatId },
        { ...facts, sessionId, agentId: call.agentId },
        call.startedAt,
        call.startedAt,
      ),
    );
  }
  return spans;
}

/** One OTLP/HTTP JSON request for the whole batch. */
export async function spendCallsToOtlp(calls: SpendCall[]): Promise<OtlpTraceExport> {
  const spans = (await Promise.all(calls.map(spendCallSpans))).flat();
  return otlpTraceExport(OTLP_SERVICE_NAME, "switchyard.gateway", spans);
}
