/**
 * An upstream stream cut mid-way (after some text, before its closing events)
 * must still end the client's stream with its format's complete closing
 * sequence and an error signal — never a hang or a torn connection.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApiFormat } from "../../workers/core/formats/api-format.ts";
import { inboundAdapterFor } from "../../workers/core/formats/format-registry.ts";
import type { IrStreamPart } from "../../workers/core/ir/stream-part.ts";
import anthropicSse from "../fixtures/anthropic-messages/stream-thinking-text-tool-use.sse?raw";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());
beforeAll(async () => {
  await activateConfig(`
model_list:
  - { model_name: claude, litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "https://anthropic.test", api_key: k } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});

// Cut inside the first content_block_delta after message_start: the stream stops without message_stop.
const cutAt = anthropicSse.indexOf("event: content_block_delta") + 60;
const truncated = anthropicSse.slice(0, cutAt);

const requests: Record<Exclude<ApiFormat, "gemini">, { path: string; body: unknown; closing: RegExp }> = {
  "openai-chat": {
    path: "/v1/chat/completions",
    body: { model: "claude", stream: true, messages: [{ role: "user", content: "hi" }] },
    closing: /data: \[DONE\]\n\n$/,
  },
  "openai-responses": {
    path: "/v1/responses",
    body: { model: "claude", stream: true, input: "hi" },
    closing: /event: response\.(failed|incomplete)\ndata: .+\n\n$/,
  },
  "anthropic-messages": {
    path: "/v1/messages",
    body: { model: "claude", stream: true, max_tokens: 100, messages: [{ role: "user", content: "hi" }] },
    closing: /event: (message_stop|error)\ndata: .+\n\n$/,
  },
};

describe.each(Object.entries(requests))("%s client, upstream cut mid-stream", (format, request) => {
  it("gets a complete closing sequence and an error, and the failure is recorded", async () => {
    upstream = mockUpstreams({
      "https://anthropic.test": () => new Response(truncated, { headers: { "content-type": "text/event-stream" } }),
    });
    const result = await callGateway(request.path, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(request.body),
    });
    expect(result.response.status).toBe(200);
    expect(result.text).toMatch(request.closing);
    const parts: IrStreamPart[] = [];
    const body = new Response(result.text).body;
    if (body === null) throw new Error("no body");
    for await (const part of body.pipeThrough(inboundAdapterFor(format as ApiFormat).createStreamDecoder()))
      parts.push(part);
    expect(
      parts.some((part) => part.type === "error" || (part.type === "finish" && part.finishReason === "error")),
    ).toBe(true);
    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]?.errorKind).not.toBeNull();
  });
});
