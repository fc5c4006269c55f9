import type { IrMessage, IrRequest, IrTextPart } from "../ir/request.ts";
import type { TraceBodyPolicy } from "./trace-body-policy.ts";
import { toolResultText } from "./trace-message.ts";

/** The sampling parameters of a model call, as its span shows them. */
export interface ModelCallParameters {
  temperature: number | null;
  topP: number | null;
  maxOutputTokens: number | null;
  reasoningEffort: string | null;
  toolCount: number;
  stream: boolean;
}

/** A tool call the model made, as the client sent it back in the conversation. */
export interface SessionToolCall {
  id: string;
  name: string;
  /** The raw arguments text; null under the `none` body policy. */
  arguments: string | null;
  /** Where the assistant message holding it sits in the conversation: the producing call had this many messages. */
  messageIndex: number;
}

export interface SessionToolResult {
  toolCallId: string;
  toolName: string | null;
  /** The result's text; null under the `none` body policy. */
  result: string | null;
  isError: boolean;
}

/** What one model call adds to its session's trace, read from the IR request. */
export interface SessionCallContent {
  messageCount: number;
  /** A new user message is among the new ones: this call starts a turn. */
  startsTurn: boolean;
  parameters: ModelCallParameters;
  toolCalls: SessionToolCall[];
  toolResults: SessionToolResult[];
  /** Under `full`: the messages new since the previous call, unredacted (the session object redacts). */
  newMessages: IrMessage[] | null;
  /** Under `full`, on a conversation's first call only: the system prompt. */
  system: IrTextPart[] | null;
}

/**
 * Agents resend the whole conversation on every call. What is new since the previous call is the last
 * assistant message (the previous call's answer, with the tool calls the model made) and everything
 * after it (tool results, a new user message). Reading only that tail keeps this O(new messages), works
 * the same for every inbound format (it reads the IR), and records each tool call once.
 */
export function extractSessionCall(request: IrRequest, policy: TraceBodyPolicy): SessionCallContent {
  const messages = request.messages;
  let tailStart = messages.length;
  while (tailStart > 0 && messages[tailStart - 1]?.role !== "assistant") tailStart--;
  const firstCall = tailStart === 0;
  if (!firstCall) tailStart--;

  const keepBodies = policy !== "none";
  const toolCalls: SessionToolCall[] = [];
  const toolResults: SessionToolResult[] = [];
  let startsTurn = false;
  for (let index = tailStart; index < messages.length; index++) {
    const message = messages[index];
    if (message === undefined) continue;
    switch (message.role) {
      case "assistant":
        for (const part of message.content) {
          if (part.type !== "tool-call") continue;
          toolCalls.push({
            id: part.id,
            name: part.name,
            arguments: keepBodies ? part.arguments : null,
            messageIndex: index,
          });
        }
        break;
      case "tool":
        for (const part of message.content) {
          toolResults.push({
            toolCallId: part.toolCallId,
            toolName: part.toolName ?? null,
            result: keepBodies ? toolResultText(part) : null,
            isError: part.isError,
          });
        }
        break;
      case "user":
        startsTurn = true;
        break;
      case "system":
        break;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  const full = policy === "full";
  return {
    messageCount: messages.length,
    startsTurn,
    parameters: {
      temperature: request.temperature ?? null,
      topP: request.topP ?? null,
      maxOutputTokens: request.maxOutputTokens ?? null,
      reasoningEffort: request.reasoning?.effort ?? null,
      toolCount: request.tools.length,
      stream: request.stream,
    },
    toolCalls,
    toolResults,
    newMessages: full ? messages.slice(tailStart) : null,
    system: full && firstCall ? request.system : null,
  };
}
