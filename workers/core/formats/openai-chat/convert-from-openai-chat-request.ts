import type { IrRequest, IrResponseFormat, IrUnmappedField } from "../../ir/request.ts";
import { convertFromOpenAiChatMessages } from "./convert-from-openai-chat-messages.ts";
import { narrowZodUnionError } from "./narrow-zod-union-error.ts";
import { parseOpenAiChatTools } from "./openai-chat-prepare-tools.ts";
import { type OpenAiChatInboundResponseFormat, openAiChatInboundRequestSchema } from "./openai-chat-request-api.ts";

/** Top-level fields the converter maps into the IR; every other non-null field is reported as unmapped. */
const MAPPED_FIELDS = new Set([
  "model",
  "messages",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "response_format",
  "reasoning_effort",
  "stream",
  // Usage reporting is the gateway's business: it always asks upstreams for usage.
  "stream_options",
  "user",
  "n",
]);

/** Values that ask for exactly the default behaviour, so dropping them loses nothing. */
const NO_OP_VALUES: Record<string, unknown> = {
  logprobs: false,
  presence_penalty: 0,
  frequency_penalty: 0,
  store: false,
};

/**
 * Chat Completions body → IR. Fields the IR does not model (`seed`,
 * `logit_bias`, `logprobs`, penalties, `metadata`, `service_tier`,
 * `prediction`, `n` > 1, …) are kept in `unmapped` with their path, so the
 * outbound side drops them under drop_params or refuses them by name.
 */
export function convertFromOpenAiChatRequest(body: unknown): IrRequest {
  const result = openAiChatInboundRequestSchema.safeParse(body, { reportInput: true });
  if (!result.success) throw narrowZodUnionError(result.error);
  const chat = result.data;

  const converted = convertFromOpenAiChatMessages(chat.messages);
  const tools = parseOpenAiChatTools(chat.tools, chat.tool_choice);
  const unmapped: IrUnmappedField[] = [];
  for (const [key, value] of Object.entries(chat)) {
    if (MAPPED_FIELDS.has(key) || value === null || value === undefined) continue;
    if (key in NO_OP_VALUES && NO_OP_VALUES[key] === value) continue;
    unmapped.push({ path: key, value });
  }
  // Several choices per request: no other format can produce them.
  if (chat.n != null && chat.n > 1) unmapped.push({ path: "n", value: chat.n });
  unmapped.push(...converted.unmapped, ...tools.unmapped);

  const request: IrRequest = {
    model: chat.model,
    system: converted.system,
    messages: converted.messages,
    tools: tools.tools,
    stream: chat.stream === true,
    unmapped,
  };
  if (tools.toolChoice !== undefined) request.toolChoice = tools.toolChoice;
  if (chat.parallel_tool_calls != null) request.parallelToolCalls = chat.parallel_tool_calls;
  // `max_tokens` is deprecated in favour of `max_completion_tokens`; the newer name wins when both are sent.
  const maxOutputTokens = chat.max_completion_tokens ?? chat.max_tokens;
  if (maxOutputTokens != null) request.maxOutputTokens = maxOutputTokens;
  if (chat.temperature != null) request.temperature = chat.temperature;
  if (chat.top_p != null) request.topP = chat.top_p;
  if (chat.stop != null) request.stopSequences = typeof chat.stop === "string" ? [chat.stop] : chat.stop;
  if (chat.response_format != null) request.responseFormat = convertResponseFormat(chat.response_format);
  if (chat.reasoning_effort != null) {
    request.reasoning =
      chat.reasoning_effort === "none" ? { enabled: false } : { enabled: true, effort: chat.reasoning_effort };
  }
  if (chat.user != null) request.user = chat.user;
  return request;
}

function convertResponseFormat(format: OpenAiChatInboundResponseFormat): IrResponseFormat {
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      const spec = format.json_schema;
      const converted: IrResponseFormat = { type: "json_schema", name: spec.name, schema: spec.schema ?? {} };
      if (spec.strict != null) converted.strict = spec.strict;
      if (spec.description != null) converted.description = spec.description;
      return converted;
    }
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
