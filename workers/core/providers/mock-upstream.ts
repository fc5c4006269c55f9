/**
 * The built-in `mock/` provider (like LiteLLM's `mock_response`): a
 * deterministic OpenAI-Chat-shaped upstream answered in-process, so the demo
 * and the tests run with no provider keys and no network. It goes through the
 * same pipeline as a real upstream: it only replaces the network hop.
 */
import { formatSseEvent } from "../sse/sse-event.ts";

const encoder = new TextEncoder();

interface MockRequestBody {
  model?: unknown;
  messages?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index] as { role?: unknown; content?: unknown } | undefined;
    if (message?.role !== "user") continue;
    if (typeof message.content === "string") return message.content;
    if (Array.isArray(message.content)) {
      return message.content
        .map((part: { type?: unknown; text?: unknown }) =>
          part.type === "text" && typeof part.text === "string" ? part.text : "",
        )
        .join(" ");
    }
  }
  return "";
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function mockReplyText(body: MockRequestBody, fixedResponse: string | undefined): string {
  if (fixedResponse !== undefined) return fixedResponse;
  const said = lastUserText(body.messages).trim().slice(0, 200);
  return said === "" ? "Hello from the Switchyard mock provider." : `Mock reply from Switchyard. You said: ${said}`;
}

/** Answers one OpenAI Chat Completions request, streaming (word by word) or not. */
export async function answerMockRequest(request: Request, fixedResponse: string | undefined): Promise<Response> {
  const body = (await request.json()) as MockRequestBody;
  const model = typeof body.model === "string" ? body.model : "mock";
  const text = mockReplyText(body, fixedResponse);
  const promptTokens = estimateTokens(JSON.stringify(body.messages ?? ""));
  const completionTokens = estimateTokens(text);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const id = "chatcmpl-mock";
  const created = 1_700_000_000;

  if (body.stream !== true) {
    return Response.json({
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop", logprobs: null }],
      usage,
    });
  }

  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    formatSseEvent({
      data: JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra }),
    });
  const pieces = text.split(/(?<= )/);
  let out = chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
  for (const piece of pieces) out += chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]);
  out += chunk([{ index: 0, delta: {}, finish_reason: "stop" }]);
  if (body.stream_options?.include_usage === true) out += chunk([], { usage });
  out += formatSseEvent({ data: "[DONE]" });
  return new Response(encoder.encode(out), { headers: { "content-type": "text/event-stream" } });
}
