import { describe, expect, it } from "vitest";
import type { TransportContext } from "../../../../workers/core/providers/provider-transport.ts";
import {
  buildWorkersAiRestRequest,
  workersAiTransport,
} from "../../../../workers/core/providers/transports/workers-ai-transport.ts";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";
import nativeText from "./fixtures/workers-ai/native-text.sse?raw";
import {
  CHAT_BODY,
  captureError,
  offlineContext,
  readSseData,
  recordingContext,
  testCall,
  testDeployment,
} from "./transport-test-helpers.ts";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const CREATED = 1795341600;

function workersAiDeployment(overrides: Parameters<typeof testDeployment>[0] = {}) {
  return testDeployment({ provider: "cloudflare", upstreamModel: LLAMA, ...overrides });
}

interface RunCall {
  model: string;
  inputs: Record<string, unknown>;
  options: Record<string, unknown> | undefined;
}

function fakeAi(answer: (inputs: Record<string, unknown>) => unknown) {
  const runs: RunCall[] = [];
  const ai: NonNullable<TransportContext["ai"]> = {
    run: async (model, inputs, options) => {
      runs.push({ model, inputs, options });
      return answer(inputs);
    },
  };
  return { ai, runs };
}

describe("Workers AI transport over REST", () => {
  it("posts the Chat body to the account's OpenAI-compatible endpoint with the API token", async () => {
    const { context, requests } = recordingContext();
    const call = testCall({
      body: { ...CHAT_BODY, model: LLAMA },
      deployment: workersAiDeployment({ apiKey: "cf-test-token-0001", providerParams: { accountId: ACCOUNT } }),
    });
    await workersAiTransport.send(call, context);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/ai/v1/chat/completions`);
    expect(request?.headers.get("authorization")).toBe("Bearer cf-test-token-0001");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(await request?.json()).toEqual({ ...CHAT_BODY, model: LLAMA });
  });

  it("uses api_base (e.g. an AI Gateway) even when a binding exists", async () => {
    const { ai, runs } = fakeAi(() => ({ response: "unused" }));
    const { context, requests } = recordingContext(() => Response.json({}), { ai });
    const apiBase = `https://gateway.ai.cloudflare.com/v1/${ACCOUNT}/switchyard/workers-ai/v1/`;
    await workersAiTransport.send(
      testCall({ deployment: workersAiDeployment({ apiBase, apiKey: "cf-test-token" }) }),
      context,
    );
    expect(requests[0]?.url).toBe(
      `https://gateway.ai.cloudflare.com/v1/${ACCOUNT}/switchyard/workers-ai/v1/chat/completions`,
    );
    expect(runs).toHaveLength(0);
  });

  it("needs account_id and api_key without a binding", async () => {
    const { context, requests } = recordingContext();
    const noAccount = await captureError(
      workersAiTransport.send(testCall({ deployment: workersAiDeployment({ apiKey: "cf-test-token" }) }), context),
    );
    expect(noAccount).toMatchObject({ code: "config_unavailable", provider: "cloudflare" });
    expect((noAccount as Error).message).toContain("'account_id'");
    const noKey = await captureError(
      workersAiTransport.send(
        testCall({ deployment: workersAiDeployment({ providerParams: { accountId: ACCOUNT } }) }),
        context,
      ),
    );
    expect((noKey as Error).message).toContain("'api_key'");
    expect(requests).toHaveLength(0);
  });

  it("asks for SSE when streaming", () => {
    const request = buildWorkersAiRestRequest(
      testCall({
        stream: true,
        deployment: workersAiDeployment({ apiKey: "k", providerParams: { accountId: ACCOUNT } }),
      }),
    );
    expect(request.headers.get("accept")).toBe("text/event-stream");
  });
});

describe("Workers AI transport over the AI binding", () => {
  it("runs the model with the Chat fields and answers with a chat.completion", async () => {
    const { ai, runs } = fakeAi(() => ({
      response: "Paris.",
      usage: { prompt_tokens: 31, completion_tokens: 3, total_tokens: 34 },
    }));
    const controller = new AbortController();
    const call = testCall({ deployment: workersAiDeployment(), signal: controller.signal });

    const response = await workersAiTransport.send(call, offlineContext({ ai }));

    expect(runs).toEqual([
      {
        model: LLAMA,
        inputs: { messages: CHAT_BODY.messages, temperature: 0.2, max_tokens: 256 },
        options: { signal: controller.signal },
      },
    ]);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^chatcmpl-[0-9a-f-]{36}$/),
      object: "chat.completion",
      created: CREATED,
      model: LLAMA,
      choices: [{ index: 0, message: { role: "assistant", content: "Paris." }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 31, completion_tokens: 3, total_tokens: 34 },
    });
  });

  it("streams the binding's SSE as Chat chunks", async () => {
    const { ai, runs } = fakeAi(() => chunkedStream(nativeText, [7, 2, 19]));
    const response = await workersAiTransport.send(
      testCall({ stream: true, body: { ...CHAT_BODY, stream: true }, deployment: workersAiDeployment() }),
      offlineContext({ ai }),
    );
    expect(runs[0]?.inputs.stream).toBe(true);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const data = await readSseData(response.body);
    const id = (data[0] as { id: string }).id;
    expect(id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
      id,
      object: "chat.completion.chunk",
      created: CREATED,
      model: LLAMA,
      choices,
      ...extra,
    });
    expect(data).toEqual([
      chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: "Bonjour" }, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: " — the capital" }, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: " of France is Paris 🇫🇷." }, finish_reason: null }]),
      chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
      chunk([], { usage: { prompt_tokens: 31, completion_tokens: 12, total_tokens: 43 } }),
      "[DONE]",
    ]);
  });

  it("replays a whole output as a stream when a model ignores stream: true", async () => {
    const { ai } = fakeAi(() => ({
      response: "Paris.",
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    }));
    const response = await workersAiTransport.send(
      testCall({ stream: true, deployment: workersAiDeployment() }),
      offlineContext({ ai }),
    );
    const data = await readSseData(response.body);
    expect(data).toHaveLength(5);
    expect(data[1]).toMatchObject({ choices: [{ delta: { content: "Paris." } }] });
    expect(data[2]).toMatchObject({ choices: [{ delta: {}, finish_reason: "stop" }] });
    expect(data[3]).toMatchObject({ usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    expect(data[4]).toBe("[DONE]");
  });

  it("reports binding failures without their text; input errors are not retryable", async () => {
    const failing = (message: string) => fakeAi(() => Promise.reject(new Error(message))).ai;
    const inputError = await captureError(
      workersAiTransport.send(
        testCall({ deployment: workersAiDeployment() }),
        offlineContext({
          ai: failing("5006: Error: oneOf at '/' not met, 0 matches required, messages[0] secret-ish"),
        }),
      ),
    );
    expect(inputError).toMatchObject({
      code: "upstream_error",
      status: 502,
      isRetryable: false,
      provider: "cloudflare",
    });
    expect((inputError as Error).message).toBe(`Workers AI could not run '${LLAMA}'.`);
    const capacity = await captureError(
      workersAiTransport.send(
        testCall({ deployment: workersAiDeployment() }),
        offlineContext({ ai: failing("3040: Capacity temporarily exceeded, please try again.") }),
      ),
    );
    expect(capacity).toMatchObject({ code: "upstream_error", isRetryable: true });
  });

  it("speaks only OpenAI Chat", async () => {
    expect(workersAiTransport.formats).toEqual(["openai-chat"]);
    const error = await captureError(
      workersAiTransport.send(
        testCall({ format: "openai-responses", deployment: workersAiDeployment() }),
        offlineContext(),
      ),
    );
    expect(error).toMatchObject({ code: "internal" });
  });
});
