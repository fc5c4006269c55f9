import type { IrAssistantPart, IrMessage, IrTextPart, IrUserPart } from "../workers/core/ir/request.ts";
import type { ModelCallParameters } from "../workers/core/session/extract-session-call.ts";
import type {
  ReplayOutput,
  ReplaySourceFailure,
  SessionReplaySourceResult,
} from "../workers/core/session/session-replay.ts";
import type { TraceMessage } from "../workers/core/session/trace-message.ts";
import type { ModelCallRow, ToolCallRow, ToolResultRow } from "./agent-session-trace.ts";

export interface ReplayRows {
  /** Ordered by arrival (started_at, then seq). */
  calls: ModelCallRow[];
  toolCalls: ToolCallRow[];
  toolResults: ToolResultRow[];
  /** The stored JSON of a tool set (agent-session-tool-sets.ts). */
  toolSet: (hash: string) => string | null;
}

// Written by the session object from typed values (agent-session.ts); read back as those types.
const recordedMessages = (row: ModelCallRow) =>
  row.messages === null ? null : (JSON.parse(row.messages) as TraceMessage[]);

/** A call's recorded messages start at its previous answer unless it opened its conversation. */
const opensConversation = (messages: TraceMessage[]) => messages[0]?.role !== "assistant";

/**
 * The calls whose recorded messages, concatenated, are the conversation the call at `index` sent. Each
 * span keeps only what its request added after the previous answer (extract-session-call.ts); that
 * answer came from the latest earlier call whose request had exactly as many messages as precede it, so
 * the chain is followed back by message counts, as the trace places tool calls. Side calls of the
 * session (titles, summaries) have other counts and never join a chain.
 */
function conversationChain(calls: ModelCallRow[], index: number): ModelCallRow[] | ReplaySourceFailure {
  const chain: ModelCallRow[] = [];
  for (let at = index; ; ) {
    const call = calls[at];
    if (call === undefined) return { ok: false, reason: "span_not_found" };
    if (call.trace_policy !== "full") {
      return { ok: false, reason: "bodies_not_recorded", requestId: call.request_id, tracePolicy: call.trace_policy };
    }
    const messages = recordedMessages(call);
    if (messages === null || call.message_count === null) {
      return { ok: false, reason: "history_incomplete", requestId: call.request_id };
    }
    chain.unshift(call);
    if (opensConversation(messages)) return chain;
    const producer = producerOf(calls, at, call.message_count - messages.length);
    if (producer < 0) return { ok: false, reason: "history_incomplete", requestId: call.request_id };
    at = producer;
  }
}

/**
 * The latest call before `at` that had `messageCount` messages. A side call with the same count (a title
 * request after the first message) would be mistaken for it, so one of the same model and tool set as the
 * continuing call is preferred: side calls go to small models without tools.
 */
function producerOf(calls: ModelCallRow[], at: number, messageCount: number): number {
  const continuing = calls[at];
  let fallback = -1;
  for (let index = at - 1; index >= 0; index--) {
    const call = calls[index];
    if (call?.message_count !== messageCount) continue;
    if (call.model_group === continuing?.model_group && call.tool_set_hash === continuing.tool_set_hash) return index;
    if (fallback === -1) fallback = index;
  }
  return fallback;
}

function outputOf(message: TraceMessage | undefined, argumentsOf: (id: string) => string): ReplayOutput | null {
  if (message?.role !== "assistant") return null;
  const text = message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  const toolCalls = message.content.flatMap((part) =>
    part.type === "tool-call"
      ? [{ id: part.toolCallId, name: part.name, arguments: argumentsOf(part.toolCallId) }]
      : [],
  );
  return { text, toolCalls };
}

/** The answer of the call at `index`: the first message of the later call that continued its conversation. */
function recordedAnswer(calls: ModelCallRow[], index: number, argumentsOf: (id: string) => string) {
  const target = calls[index];
  for (const call of calls.slice(index + 1)) {
    const messages = recordedMessages(call);
    if (messages === null || call.message_count === null || opensConversation(messages)) continue;
    if (call.message_count - messages.length === target?.message_count) return outputOf(messages[0], argumentsOf);
  }
  return null;
}

/**
 * Rebuilds the request a recorded span sent, for a replay (docs/decisions/0005-session-replay.md): the
 * conversation from the spans' messages, tool arguments and results from the tool rows, the tools from
 * the span's tool set. What the trace reduced (images, files; reasoning, whose signatures are gone) is
 * replaced or dropped, and said in `warnings`.
 */
export function buildReplaySource(rows: ReplayRows, requestId: string): SessionReplaySourceResult {
  const index = rows.calls.findIndex((call) => call.request_id === requestId);
  const target = rows.calls[index];
  if (target === undefined) return { ok: false, reason: "span_not_found" };
  const chain = conversationChain(rows.calls, index);
  if (!Array.isArray(chain)) return chain;
  // Written by the session object from a ModelCallParameters value; full-policy spans always have one.
  const parameters = JSON.parse(target.parameters ?? "null") as ModelCallParameters | null;
  if (parameters === null) return { ok: false, reason: "history_incomplete", requestId };
  const toolSet = target.tool_set_hash === null ? null : rows.toolSet(target.tool_set_hash);
  if (parameters.toolCount > 0 && toolSet === null) return { ok: false, reason: "tools_not_recorded", requestId };

  const warnings = new Set<string>();
  const argumentsById = new Map(rows.toolCalls.map((row) => [row.tool_call_id, row.arguments]));
  const resultsById = new Map(rows.toolResults.map((row) => [row.tool_call_id, row]));
  const argumentsOf = (id: string) => {
    const recorded = argumentsById.get(id);
    if (recorded !== null && recorded !== undefined) return recorded;
    warnings.add(`The arguments of tool call '${id}' were not recorded; the replay sends {}.`);
    return "{}";
  };

  const recorded = chain.flatMap((call) => recordedMessages(call) ?? []);
  // The first call's system prompt is stored as a leading system message beside the counted ones.
  const hasSystem = recorded.length === (target.message_count ?? 0) + 1 && recorded[0]?.role === "system";
  const system: IrTextPart[] = hasSystem
    ? (recorded[0]?.content ?? []).flatMap((part) => (part.type === "text" ? [part] : []))
    : [];
  const conversation = hasSystem ? recorded.slice(1) : recorded;
  if (conversation.length !== target.message_count) return { ok: false, reason: "history_incomplete", requestId };

  const messages = conversation.flatMap((message) => toIrMessage(message, argumentsOf, resultsById, warnings));
  return {
    ok: true,
    source: {
      requestId,
      modelGroup: target.model_group,
      parameters,
      system,
      messages,
      toolDefinitions: toolSet,
      usage: {
        inputTokens: target.input_tokens,
        outputTokens: target.output_tokens,
        cacheReadTokens: target.cache_read_tokens,
        cacheWriteTokens: target.cache_write_tokens,
      },
      costUsd: target.cost_usd,
      output: recordedAnswer(rows.calls, index, argumentsOf),
      warnings: [...warnings],
    },
  };
}

function toIrMessage(
  message: TraceMessage,
  argumentsOf: (id: string) => string,
  resultsById: Map<string, ToolResultRow>,
  warnings: Set<string>,
): IrMessage[] {
  const placeholder = (what: string): IrTextPart => {
    warnings.add(`The trace keeps no ${what} bytes; the replay sends a placeholder text instead.`);
    return { type: "text", text: `[${what} not kept by the session trace]` };
  };
  switch (message.role) {
    case "system":
      return [{ role: "system", content: message.content.flatMap((part) => (part.type === "text" ? [part] : [])) }];
    case "user": {
      const content = message.content.flatMap((part): IrUserPart[] => {
        if (part.type === "text") return [part];
        if (part.type === "image") return [placeholder("image")];
        if (part.type === "file") return [placeholder("file")];
        return [];
      });
      return [{ role: "user", content }];
    }
    case "assistant": {
      // Reasoning is dropped: its signatures were not kept, and providers refuse unsigned thinking.
      const content = message.content.flatMap((part): IrAssistantPart[] => {
        if (part.type === "text") return [part];
        if (part.type === "tool-call") {
          return [{ type: "tool-call", id: part.toolCallId, name: part.name, arguments: argumentsOf(part.toolCallId) }];
        }
        return [];
      });
      return content.length === 0 ? [] : [{ role: "assistant", content }];
    }
    case "tool":
      return [
        {
          role: "tool",
          content: message.content.flatMap((part) => {
            if (part.type !== "tool-result") return [];
            const result = resultsById.get(part.toolCallId);
            return [
              {
                type: "tool-result" as const,
                toolCallId: part.toolCallId,
                ...(result?.tool_name === null || result?.tool_name === undefined
                  ? {}
                  : { toolName: result.tool_name }),
                content: [{ type: "text" as const, text: result?.result ?? "" }],
                isError: result?.is_error === 1,
              },
            ];
          }),
        },
      ];
    default: {
      const unreachable: never = message.role;
      return unreachable;
    }
  }
}
