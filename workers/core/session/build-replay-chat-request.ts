import { convertToOpenAiChatRequest } from "../formats/openai-chat/convert-to-openai-chat-request.ts";
import type { IrMessage, IrReasoningEffort, IrRequest } from "../ir/request.ts";
import type { ReplayOverrides, SessionReplaySource } from "./session-replay.ts";
import type { SessionToolDefinitions } from "./session-tool-definitions.ts";

const REASONING_EFFORTS: ReadonlySet<string> = new Set<IrReasoningEffort>([
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
]);

function isReasoningEffort(value: string | null): value is IrReasoningEffort {
  return value !== null && REASONING_EFFORTS.has(value);
}

/** `prompt` replaces the text of the last user message (the question of the turn); else it is appended. */
function withPrompt(messages: IrMessage[], prompt: string): IrMessage[] {
  const last = messages.findLastIndex((message) => message.role === "user");
  const replacement: IrMessage = { role: "user", content: [{ type: "text", text: prompt }] };
  if (last === -1) return [...messages, replacement];
  return messages.map((message, index) => (index === last ? replacement : message));
}

/**
 * The OpenAI Chat Completions body (non-streaming) a replay sends through the gateway: the recorded
 * conversation, tools and sampling parameters of the span, with the admin's overrides. Chat is the
 * format every deployment can be reached with (translated where the provider speaks another), and the
 * body names the model group, so routing, fallbacks and pricing apply as to any request.
 */
export function buildReplayChatRequest(
  source: SessionReplaySource,
  overrides: ReplayOverrides,
): Record<string, unknown> {
  const model = overrides.model ?? source.modelGroup;
  const { parameters } = source;
  const request: IrRequest = {
    model,
    // An empty `system` removes the system prompt.
    system:
      overrides.system === undefined
        ? source.system
        : overrides.system === ""
          ? []
          : [{ type: "text", text: overrides.system }],
    messages: overrides.prompt === undefined ? source.messages : withPrompt(source.messages, overrides.prompt),
    tools: [],
    stream: false,
    unmapped: [],
  };
  if (source.toolDefinitions !== null) {
    // Stored by the session object from a SessionToolDefinitions value.
    const definitions = JSON.parse(source.toolDefinitions) as SessionToolDefinitions;
    request.tools = definitions.tools;
    if (definitions.toolChoice !== null) request.toolChoice = definitions.toolChoice;
  }
  const maxTokens = overrides.max_tokens ?? parameters.maxOutputTokens;
  if (maxTokens !== null) request.maxOutputTokens = maxTokens;
  const temperature = overrides.temperature ?? parameters.temperature;
  if (temperature !== null) request.temperature = temperature;
  if (parameters.topP !== null) request.topP = parameters.topP;
  if (isReasoningEffort(parameters.reasoningEffort)) {
    request.reasoning = { enabled: true, effort: parameters.reasoningEffort };
  }
  return convertToOpenAiChatRequest(request, { upstreamModel: model, dropParams: true }).body;
}
