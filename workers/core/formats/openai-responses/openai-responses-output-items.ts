import type { Usage } from "../../ir/usage.ts";
import { encodeOpenAiResponsesUsage } from "./convert-openai-responses-usage.ts";

/**
 * Output items and the response object as OpenAI returns them (API reference ›
 * Responses › The response object), shared by the JSON encoder and the stream
 * encoder so both give clients identical shapes.
 */
export type ResponsesItemStatus = "in_progress" | "completed" | "incomplete";

export function messageOutputItem(id: string, text: string, status: ResponsesItemStatus): Record<string, unknown> {
  // While in progress the content list is empty; content_part.added fills it.
  const content = status === "in_progress" ? [] : [{ type: "output_text", annotations: [], logprobs: [], text }];
  return { id, type: "message", status, role: "assistant", content };
}

export function functionCallOutputItem(
  id: string,
  callId: string,
  name: string,
  args: string,
  status: ResponsesItemStatus,
): Record<string, unknown> {
  return { id, type: "function_call", status, arguments: args, call_id: callId, name };
}

export function reasoningOutputItem(
  id: string,
  text: string,
  encryptedContent: string | undefined,
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id,
    type: "reasoning",
    summary: text === "" ? [] : [{ type: "summary_text", text }],
  };
  if (encryptedContent !== undefined) item.encrypted_content = encryptedContent;
  return item;
}

export interface ResponsesResponseObjectFields {
  id: string;
  createdAt: number;
  model: string;
  status: "in_progress" | "completed" | "incomplete" | "failed";
  output: Array<Record<string, unknown>>;
  usage: Usage | undefined;
  incompleteReason?: "max_output_tokens" | "content_filter" | null;
  error?: { code: string; message: string };
}

export function responsesResponseObject(fields: ResponsesResponseObjectFields): Record<string, unknown> {
  return {
    id: fields.id,
    object: "response",
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteReason ? { reason: fields.incompleteReason } : null,
    model: fields.model,
    output: fields.output,
    usage: fields.usage === undefined ? null : encodeOpenAiResponsesUsage(fields.usage),
  };
}
