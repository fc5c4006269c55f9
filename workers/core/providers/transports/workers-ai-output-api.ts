/**
 * What `env.AI.run()` returns for text-generation models, lenient. Two shapes exist
 * (https://developers.cloudflare.com/workers-ai/models/, each model's Output schema):
 * - native: `{ response, tool_calls?, usage? }`, tool calls either flat
 *   `{ name, arguments: object }` or OpenAI-shaped; streamed as SSE events
 *   `data: {"response":"…"}` (plus `tool_calls`, and `usage` near the end), then `data: [DONE]`;
 * - OpenAI-shaped (newer models, e.g. Qwen3, gpt-oss): `{ choices: [{ message | delta, finish_reason }], usage }`.
 * One schema covers both, whole outputs and stream events alike.
 */
import { z } from "zod";

const workersAiToolCallSchema = z.looseObject({
  index: z.number().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.unknown().optional(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.unknown().optional() }).nullish(),
});
export type WorkersAiToolCall = z.infer<typeof workersAiToolCallSchema>;

const workersAiMessageSchema = z.looseObject({
  content: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  tool_calls: z.array(workersAiToolCallSchema).nullish(),
});

export const workersAiUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});
export type WorkersAiUsage = z.infer<typeof workersAiUsageSchema>;

export const workersAiOutputSchema = z.looseObject({
  id: z.string().nullish(),
  /** Usually text; an object or number when a JSON mode is on. */
  response: z.unknown().optional(),
  tool_calls: z.array(workersAiToolCallSchema).nullish(),
  finish_reason: z.string().nullish(),
  usage: workersAiUsageSchema.nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        message: workersAiMessageSchema.nullish(),
        delta: workersAiMessageSchema.nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  error: z.unknown().optional(),
});
export type WorkersAiOutput = z.infer<typeof workersAiOutputSchema>;

/** `response` as text: JSON-mode objects are serialized, absent or null is "". */
export function workersAiResponseText(response: unknown): string {
  if (response === undefined || response === null) return "";
  if (typeof response === "string") return response;
  if (typeof response === "number" || typeof response === "boolean") return String(response);
  return JSON.stringify(response);
}

/** Tool arguments as the JSON text Chat Completions carries; native outputs give an object. */
export function workersAiArgumentsText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** `{ prompt_tokens, completion_tokens, total_tokens }` with the total filled in when missing. */
export function toChatUsage(usage: WorkersAiUsage): Record<string, number> {
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.total_tokens ?? prompt + completion,
  };
}
