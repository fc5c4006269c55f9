import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

const auth = { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" };
let upstream: ReturnType<typeof mockUpstreams> | undefined;

beforeEach(async () => {
  await activateConfig(`
model_list:
  - { model_name: embed, litellm_params: { model: openai/text-embedding-3-small, api_base: "https://emb.test/v1", api_key: sk-emb, input_cost_per_token: 0.00000002, output_cost_per_token: 0 } }
  - { model_name: embed-mock, litellm_params: { model: mock/embedder } }
  - { model_name: claude, litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: k } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});
afterEach(() => upstream?.restore());

const post = (body: unknown) =>
  callGateway("/v1/embeddings", { method: "POST", headers: auth, body: JSON.stringify(body) });

describe("POST /v1/embeddings", () => {
  it("forwards to an OpenAI-compatible upstream with the model renamed, and records the tokens", async () => {
    const answer = {
      object: "list",
      data: [{ object: "embedding", index: 0, embedding: [0.1, -0.2] }],
      model: "text-embedding-3-small",
      usage: { prompt_tokens: 5, total_tokens: 5 },
    };
    upstream = mockUpstreams({ "https://emb.test": () => Response.json(answer) });
    const result = await post({ model: "embed", input: "hello world", dimensions: 2 });
    expect(result.response.status).toBe(200);
    expect(result.json()).toEqual(answer);
    expect(upstream.requests[0]?.url).toBe("https://emb.test/v1/embeddings");
    expect(upstream.requests[0]?.headers.get("authorization")).toBe("Bearer sk-emb");
    expect(JSON.parse(upstream.requests[0]?.body ?? "")).toEqual({
      model: "text-embedding-3-small",
      input: "hello world",
      dimensions: 2,
    });
    expect(result.spendRecords[0]).toMatchObject({ inputTokens: 5, outputTokens: 0, status: 200 });
    expect(result.spendRecords[0]?.costUsd).toBeCloseTo(5 * 0.00000002, 15);
  });

  it("answers deterministically from mock/, with equal vectors for equal texts", async () => {
    const result = await post({ model: "embed-mock", input: ["same", "same", "other"] });
    const body = result.json() as { data: Array<{ embedding: number[] }> };
    expect(body.data).toHaveLength(3);
    expect(body.data[0]?.embedding).toEqual(body.data[1]?.embedding);
    expect(body.data[0]?.embedding).not.toEqual(body.data[2]?.embedding);
    expect(Math.hypot(...(body.data[0]?.embedding ?? []))).toBeCloseTo(1, 10);
  });

  it("400 naming the field for a bad input, and for a model that cannot embed", async () => {
    const bad = await post({ model: "embed", input: 42 });
    expect(bad.response.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { param: "input", type: "invalid_request_error" } });
    const chatOnly = await post({ model: "claude", input: "x" });
    expect(chatOnly.response.status).toBe(400);
    expect(chatOnly.json()).toMatchObject({ error: { param: "model" } });
  });
});
