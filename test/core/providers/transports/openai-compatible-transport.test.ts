import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { OPENAI_COMPATIBLE_PROVIDERS } from "../../../../workers/core/providers/transports/openai-compatible-providers.ts";
import {
  buildOpenAiCompatibleRequest,
  createOpenAiCompatibleTransport,
} from "../../../../workers/core/providers/transports/openai-compatible-transport.ts";
import {
  CHAT_BODY,
  captureError,
  captureSyncError,
  recordingContext,
  testCall,
  testDeployment,
} from "./transport-test-helpers.ts";

function provider(id: string) {
  const found = OPENAI_COMPATIBLE_PROVIDERS.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no provider ${id}`);
  return found;
}

const DEFAULT_CHAT_URLS: Record<string, string> = {
  openai: "https://api.openai.com/v1/chat/completions",
  groq: "https://api.groq.com/openai/v1/chat/completions",
  deepseek: "https://api.deepseek.com/v1/chat/completions",
  mistral: "https://api.mistral.ai/v1/chat/completions",
  together_ai: "https://api.together.xyz/v1/chat/completions",
  fireworks_ai: "https://api.fireworks.ai/inference/v1/chat/completions",
  openrouter: "https://openrouter.ai/api/v1/chat/completions",
  xai: "https://api.x.ai/v1/chat/completions",
  cerebras: "https://api.cerebras.ai/v1/chat/completions",
  perplexity: "https://api.perplexity.ai/chat/completions",
  deepinfra: "https://api.deepinfra.com/v1/openai/chat/completions",
  nvidia_nim: "https://integrate.api.nvidia.com/v1/chat/completions",
  ollama: "http://localhost:11434/v1/chat/completions",
  ollama_chat: "http://localhost:11434/v1/chat/completions",
  lm_studio: "http://localhost:1234/v1/chat/completions",
  cohere: "https://api.cohere.ai/compatibility/v1/chat/completions",
};

describe("OpenAI-compatible transport", () => {
  it("sends a Chat call to OpenAI with the Bearer key and the body unchanged", async () => {
    const { context, requests } = recordingContext(() => Response.json({ id: "chatcmpl-1" }));
    const transport = createOpenAiCompatibleTransport(provider("openai"));
    const call = testCall({ deployment: testDeployment({ apiKey: "sk-test-openai-0001" }) });

    const response = await transport.send(call, context);

    expect(await response.json()).toEqual({ id: "chatcmpl-1" });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(request?.headers.get("authorization")).toBe("Bearer sk-test-openai-0001");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("accept")).toBe("application/json");
    expect(await request?.json()).toEqual(CHAT_BODY);
  });

  it("sends OpenAI Responses calls to /responses, asking for SSE when streaming", async () => {
    const body = { model: "gpt-5", input: [{ type: "message", role: "user", content: "hi" }], stream: true };
    const request = buildOpenAiCompatibleRequest(
      provider("openai"),
      testCall({ format: "openai-responses", body, stream: true, deployment: testDeployment({ apiKey: "sk-x" }) }),
    );
    expect(request.url).toBe("https://api.openai.com/v1/responses");
    expect(request.headers.get("accept")).toBe("text/event-stream");
    expect(await request.json()).toEqual(body);
  });

  it("serves both OpenAI formats, Chat first, and only Chat for the rest of the family", () => {
    expect(provider("openai").formats).toEqual(["openai-chat", "openai-responses"]);
    for (const entry of OPENAI_COMPATIBLE_PROVIDERS.filter((candidate) => candidate.id !== "openai")) {
      expect(entry.formats, entry.id).toEqual(["openai-chat"]);
    }
  });

  it.each(Object.entries(DEFAULT_CHAT_URLS))("addresses %s at its default base URL", (id, url) => {
    const request = buildOpenAiCompatibleRequest(provider(id), testCall());
    expect(request.url).toBe(url);
  });

  it("covers exactly the providers listed above plus hosted_vllm", () => {
    expect(OPENAI_COMPATIBLE_PROVIDERS.map((entry) => entry.id).sort()).toEqual(
      [...Object.keys(DEFAULT_CHAT_URLS), "hosted_vllm"].sort(),
    );
  });

  it("lets a deployment's api_base override the default, with or without trailing slashes", () => {
    for (const apiBase of ["https://llm.internal.example/v1", "https://llm.internal.example/v1///"]) {
      const request = buildOpenAiCompatibleRequest(
        provider("groq"),
        testCall({ deployment: testDeployment({ apiBase }) }),
      );
      expect(request.url).toBe("https://llm.internal.example/v1/chat/completions");
    }
  });

  it("sends no Authorization header when no key is configured (Ollama, LM Studio)", () => {
    const request = buildOpenAiCompatibleRequest(provider("lm_studio"), testCall());
    expect(request.headers.has("authorization")).toBe(false);
  });

  it("adds /v1 to an Ollama api_base that names the server root, as LiteLLM configs do", () => {
    for (const apiBase of ["http://ollama.lan:11434", "http://ollama.lan:11434/", "http://ollama.lan:11434/v1/"]) {
      const request = buildOpenAiCompatibleRequest(
        provider("ollama"),
        testCall({ deployment: testDeployment({ apiBase }) }),
      );
      expect(request.url).toBe("http://ollama.lan:11434/v1/chat/completions");
    }
  });

  it("reaches hosted_vllm only through its api_base", async () => {
    const transport = createOpenAiCompatibleTransport(provider("hosted_vllm"));
    const { context, requests } = recordingContext();
    const error = await captureError(
      transport.send(testCall({ deployment: testDeployment({ provider: "hosted_vllm" }) }), context),
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: "config_unavailable", status: 503, provider: "hosted_vllm" });
    expect((error as GatewayError).message).toContain("'api_base'");
    expect(requests).toHaveLength(0);

    await transport.send(
      testCall({ deployment: testDeployment({ provider: "hosted_vllm", apiBase: "http://vllm.lan:8000/v1/" }) }),
      context,
    );
    expect(requests[0]?.url).toBe("http://vllm.lan:8000/v1/chat/completions");
  });

  it("drops stream_options for Cohere's compatibility endpoint and keeps everything else", async () => {
    const body = { ...CHAT_BODY, model: "command-a-03-2025", stream: true, stream_options: { include_usage: true } };
    const request = buildOpenAiCompatibleRequest(
      provider("cohere"),
      testCall({ body, stream: true, deployment: testDeployment({ apiKey: "co-test-key" }) }),
    );
    expect(request.headers.get("authorization")).toBe("Bearer co-test-key");
    const { stream_options: _dropped, ...rest } = body;
    expect(await request.json()).toEqual(rest);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it("refuses a format the provider does not serve as a gateway bug", () => {
    const error = captureSyncError(() =>
      buildOpenAiCompatibleRequest(provider("groq"), testCall({ format: "openai-responses" })),
    );
    expect(error).toMatchObject({ code: "internal", status: 500 });
  });

  it("aborts the upstream request with the client's signal", () => {
    const controller = new AbortController();
    const request = buildOpenAiCompatibleRequest(provider("openai"), testCall({ signal: controller.signal }));
    expect(request.signal.aborted).toBe(false);
    controller.abort();
    expect(request.signal.aborted).toBe(true);
  });
});
