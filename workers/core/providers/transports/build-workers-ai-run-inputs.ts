/**
 * An OpenAI Chat body → the inputs of `env.AI.run()` for a text-generation
 * model (https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/,
 * "Input"). Only the fields Workers AI models accept are passed; the binding
 * validates strictly, so `stop`, `n`, `logprobs`, `user`, `metadata`,
 * `stream_options`, `parallel_tool_calls` and the like are left out.
 */
const PASSED_AS_IS = [
  "tools",
  "tool_choice",
  "temperature",
  "top_p",
  "seed",
  "frequency_penalty",
  "presence_penalty",
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The binding rejects `content: null` (assistant turns that only call tools), so it becomes "". */
function bindingMessages(messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  return messages.map((message: unknown) =>
    isRecord(message) && (message.content === null || message.content === undefined)
      ? { ...message, content: "" }
      : message,
  );
}

/**
 * OpenAI's `{type: "json_schema", json_schema: {name, schema, strict}}` →
 * Workers AI's `{type: "json_schema", json_schema: <the schema>}`
 * (https://developers.cloudflare.com/workers-ai/features/json-mode/).
 */
function bindingResponseFormat(format: unknown): unknown {
  if (!isRecord(format) || format.type !== "json_schema" || !isRecord(format.json_schema)) return format;
  const schema = format.json_schema.schema;
  return schema === undefined ? format : { type: "json_schema", json_schema: schema };
}

export function buildWorkersAiRunInputs(body: Record<string, unknown>, stream: boolean): Record<string, unknown> {
  const inputs: Record<string, unknown> = { messages: bindingMessages(body.messages) };
  for (const field of PASSED_AS_IS) {
    const value = body[field];
    if (value !== undefined && value !== null) inputs[field] = value;
  }
  const maxTokens = body.max_tokens ?? body.max_completion_tokens;
  if (maxTokens !== undefined && maxTokens !== null) inputs.max_tokens = maxTokens;
  if (body.response_format !== undefined && body.response_format !== null) {
    inputs.response_format = bindingResponseFormat(body.response_format);
  }
  if (stream) inputs.stream = true;
  return inputs;
}
