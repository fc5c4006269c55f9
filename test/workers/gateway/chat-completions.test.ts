import { afterEach, beforeEach, describe, expect, it } from "vitest";
import nonStreamFixture from "../../fixtures/openai-chat/non-stream-text.json";
import streamFixture from "../../fixtures/openai-chat/stream-text.sse?raw";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { chunkedStream, mockUpstreams } from "../../helpers/mock-upstream.ts";

const UPSTREAM = "https://upstream.test";

const config = `
model_list:
  - model_name: team-gpt
    litellm_params:
      model: openai/gpt-4o
      api_base: ${UPSTREAM}/v1
      api_key: os.environ/UPSTREAM_KEY
      input_cost_per_token: 0.0000025
      output_cost_per_token: 0.00001
      cache_read_input_token_cost: 0.00000125
    model_info:
      id: upstream-gpt-4o
  - model_name: demo
    litellm_params:
      model: mock/demo
environment_variables:
  UPSTREAM_KEY: sk-upstream-secret
general_settings:
  master_key: ${TEST_MASTER_KEY}
`;

const auth = { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" };

function post(body: unknown, headers: Record<string, string> = auth) {
  return callGateway("/v1/chat/completions", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const hello = { model: "team-gpt", messages: [{ role: "user", content: "Hello" }] };

let upstream: ReturnType<typeof mockUpstreams>;

beforeEach(async () => {
  await activateConfig(config);
});

afterEach(() => upstream?.restore());

describe("POST /v1/chat/completions, non-streaming pass-through", () => {
  it("forwards the body with only the model renamed and returns the upstream answer", async () => {
    upstream = mockUpstreams({ [UPSTREAM]: () => Response.json(nonStreamFixture) });
    const body = { ...hello, temperature: 0.2, some_future_param: { kept: true } };
    const result = await post(body);

    expect(result.response.status).toBe(200);
    expect(result.json()).toEqual(nonStreamFixture);
    expect(upstream.requests).toHaveLength(1);
    const sent = upstream.requests[0];
    expect(sent?.url).toBe(`${UPSTREAM}/v1/chat/completions`);
    expect(sent?.headers.get("authorization")).toBe("Bearer sk-upstream-secret");
    expect(JSON.parse(sent?.body ?? "")).toEqual({ ...body, model: "gpt-4o" });
  });

  it("reports routing, overhead and cost headers, and queues one spend record", async () => {
    upstream = mockUpstreams({ [UPSTREAM]: () => Response.json(nonStreamFixture) });
    const result = await post(hello);
    const headers = result.response.headers;
    expect(headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get("x-switchyard-model-group")).toBe("team-gpt");
    expect(headers.get("x-switchyard-provider")).toBe("openai");
    expect(headers.get("x-switchyard-deployment")).toBe("upstream-gpt-4o");
    expect(Number(headers.get("x-switchyard-overhead-ms"))).toBeGreaterThanOrEqual(0);
    // 800 uncached × 2.5e-6 + 200 cached × 1.25e-6 + 10 out × 1e-5
    const expectedCost = 800 * 0.0000025 + 200 * 0.00000125 + 10 * 0.00001;
    expect(Number(headers.get("x-switchyard-response-cost"))).toBeCloseTo(expectedCost, 12);

    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({
      requestId: headers.get("x-request-id"),
      apiFormat: "openai-chat",
      modelGroup: "team-gpt",
      provider: "openai",
      deployment: "upstream-gpt-4o",
      upstreamModel: "gpt-4o",
      inputTokens: 1000,
      outputTokens: 10,
      cacheReadTokens: 200,
      status: 200,
      stream: false,
      errorKind: null,
    });
    expect(result.spendRecords[0]?.costUsd).toBeCloseTo(expectedCost, 12);
  });

  it("accepts the key as x-api-key too", async () => {
    upstream = mockUpstreams({ [UPSTREAM]: () => Response.json(nonStreamFixture) });
    const result = await post(hello, { "x-api-key": TEST_MASTER_KEY });
    expect(result.response.status).toBe(200);
  });

  it("answers from the built-in mock provider without any network", async () => {
    upstream = mockUpstreams({});
    const result = await post({ model: "demo", messages: [{ role: "user", content: "ping" }] });
    expect(result.response.status).toBe(200);
    expect(result.json()).toMatchObject({
      object: "chat.completion",
      model: "demo",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Mock reply from Switchyard. You said: ping" },
          finish_reason: "stop",
        },
      ],
    });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe("POST /v1/chat/completions, streaming pass-through", () => {
  it("relays every event unchanged across awkward chunk boundaries and withholds the usage chunk it asked for", async () => {
    upstream = mockUpstreams({
      [UPSTREAM]: () =>
        new Response(chunkedStream(streamFixture, [1, 7, 150, 3, 64]), {
          headers: { "content-type": "text/event-stream" },
        }),
    });
    const result = await post({ ...hello, stream: true });

    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("content-type")).toContain("text/event-stream");
    const upstreamEvents = streamFixture.split("\n\n").filter((event) => event !== "");
    const withoutUsageChunk = upstreamEvents.filter((event) => !event.includes('"choices":[],'));
    expect(result.text).toBe(`${withoutUsageChunk.join("\n\n")}\n\n`);
    expect(JSON.parse(upstream.requests[0]?.body ?? "").stream_options).toEqual({ include_usage: true });

    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({
      stream: true,
      inputTokens: 19,
      outputTokens: 3,
      status: 200,
      errorKind: null,
    });
    expect(result.spendRecords[0]?.timeToFirstTokenMs).not.toBeNull();
  });

  it("passes the usage chunk through when the client asked for it", async () => {
    upstream = mockUpstreams({
      [UPSTREAM]: () => new Response(streamFixture, { headers: { "content-type": "text/event-stream" } }),
    });
    const result = await post({ ...hello, stream: true, stream_options: { include_usage: true } });
    expect(result.text).toBe(streamFixture);
  });

  it("streams from the mock provider with role, content, finish_reason and [DONE]", async () => {
    upstream = mockUpstreams({});
    const result = await post({ model: "demo", stream: true, messages: [{ role: "user", content: "one two" }] });
    const events = result.text.split("\n\n").filter((event) => event !== "");
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice("data: ".length)));
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    expect(chunks.at(-1).choices[0].finish_reason).toBe("stop");
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("");
    expect(text).toBe("Mock reply from Switchyard. You said: one two");
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(result.spendRecords[0]?.outputTokens).toBeGreaterThan(0);
  });
});

describe("POST /v1/chat/completions, errors in OpenAI's shape", () => {
  it("401 when the key is missing", async () => {
    const result = await post(hello, { "content-type": "application/json" });
    expect(result.response.status).toBe(401);
    expect(result.json()).toEqual({
      error: {
        message: "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.",
        type: "invalid_request_error",
        param: null,
        code: "authentication_missing",
      },
    });
  });

  it("401 when the key is wrong, without echoing the key", async () => {
    const result = await post(hello, { authorization: "Bearer sk-wrong-key-123456" });
    expect(result.response.status).toBe(401);
    expect(result.json()).toEqual({
      error: {
        message: "Incorrect API key provided: sk-wr***3456.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
    expect(result.text).not.toContain("sk-wrong-key-123456");
  });

  it("404 for a model the config does not have", async () => {
    const result = await post({ ...hello, model: "gpt-17" });
    expect(result.response.status).toBe(404);
    expect(result.json()).toEqual({
      error: {
        message: "The model `gpt-17` does not exist or you do not have access to it.",
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      },
    });
  });

  it("400 for malformed JSON", async () => {
    const result = await post('{"model": "team-gpt", "messages": [');
    expect(result.response.status).toBe(400);
    const body = result.json() as { error: { message: string; type: string; param: unknown; code: unknown } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^We could not parse the JSON body of your request/);
    expect(body.error.param).toBeNull();
    expect(body.error.code).toBeNull();
  });

  it("400 naming the field for a wrong type", async () => {
    const result = await post({ ...hello, temperature: "hot" });
    expect(result.response.status).toBe(400);
    expect(result.json()).toEqual({
      error: {
        message: "Invalid type for 'temperature': expected number, but got a string instead.",
        type: "invalid_request_error",
        param: "temperature",
        code: null,
      },
    });
  });

  it("400 naming a nested field", async () => {
    const result = await post({ model: "team-gpt", messages: [{ role: "user", content: 42 }] });
    expect(result.response.status).toBe(400);
    const body = result.json() as { error: { param: string; message: string } };
    expect(body.error.param).toBe("messages[0].content");
    expect(body.error.message).toContain("'messages[0].content'");
  });

  it("400 for a missing required field", async () => {
    const result = await post({ model: "team-gpt" });
    expect(result.response.status).toBe(400);
    expect(result.json()).toEqual({
      error: {
        message: "Missing required parameter: 'messages'.",
        type: "invalid_request_error",
        param: "messages",
        code: null,
      },
    });
  });

  it("400 for a body that is not an object, and for an empty body", async () => {
    const array = await post("[1,2]");
    expect(array.response.status).toBe(400);
    expect((array.json() as { error: { message: string } }).error.message).toBe(
      "The request body must be a JSON object.",
    );
    const empty = await post("");
    expect(empty.response.status).toBe(400);
  });

  it("413 for a body over the limit", async () => {
    const big = JSON.stringify({ ...hello, messages: [{ role: "user", content: "x".repeat(21 * 1024 * 1024) }] });
    const result = await post(big);
    expect(result.response.status).toBe(413);
    expect((result.json() as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it("502 for an upstream 500, without echoing the upstream body, and records the failure", async () => {
    upstream = mockUpstreams({ [UPSTREAM]: () => new Response("internal stack trace with secrets", { status: 500 }) });
    const result = await post(hello);
    expect(result.response.status).toBe(502);
    expect(result.json()).toEqual({
      error: {
        message: "The openai upstream failed with status 500.",
        type: "api_error",
        param: null,
        code: "upstream_error",
      },
    });
    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({ status: 502, errorKind: "upstream_error", costUsd: 0 });
  });

  it("429 with retry-after when the upstream rate limits", async () => {
    upstream = mockUpstreams({
      [UPSTREAM]: () =>
        Response.json(
          { error: { message: "Rate limit reached", type: "requests" } },
          { status: 429, headers: { "retry-after": "7" } },
        ),
    });
    const result = await post(hello);
    expect(result.response.status).toBe(429);
    expect(result.response.headers.get("retry-after")).toBe("7");
    expect((result.json() as { error: { type: string } }).error.type).toBe("rate_limit_exceeded");
  });

  it("passes an upstream 400's message but not its body", async () => {
    upstream = mockUpstreams({
      [UPSTREAM]: () =>
        Response.json(
          {
            error: {
              message: "This model's maximum context length is 128000 tokens.",
              type: "invalid_request_error",
              code: "context_length_exceeded",
            },
          },
          { status: 400 },
        ),
    });
    const result = await post(hello);
    expect(result.response.status).toBe(400);
    expect((result.json() as { error: { message: string } }).error.message).toBe(
      "This model's maximum context length is 128000 tokens.",
    );
  });

  it("502 when the upstream cannot be reached", async () => {
    upstream = mockUpstreams({});
    const result = await post(hello);
    expect(result.response.status).toBe(502);
    expect((result.json() as { error: { code: string } }).error.code).toBe("upstream_unreachable");
  });

  it("502 when the upstream answers 200 with something that is not JSON", async () => {
    upstream = mockUpstreams({ [UPSTREAM]: () => new Response("<html>oops</html>", { status: 200 }) });
    const result = await post(hello);
    expect(result.response.status).toBe(502);
    expect((result.json() as { error: { code: string } }).error.code).toBe("upstream_error");
  });
});
