import { describe, expect, it } from "vitest";
import {
  findTransport,
  TRANSPORT_PROVIDER_IDS,
} from "../../../../workers/core/providers/transports/transport-registry.ts";

const EXPECTED: Record<string, { id: string; formats: string[] }> = {
  openai: { id: "openai", formats: ["openai-chat", "openai-responses"] },
  groq: { id: "groq", formats: ["openai-chat"] },
  deepseek: { id: "deepseek", formats: ["openai-chat"] },
  mistral: { id: "mistral", formats: ["openai-chat"] },
  together_ai: { id: "together_ai", formats: ["openai-chat"] },
  fireworks_ai: { id: "fireworks_ai", formats: ["openai-chat"] },
  openrouter: { id: "openrouter", formats: ["openai-chat"] },
  xai: { id: "xai", formats: ["openai-chat"] },
  cerebras: { id: "cerebras", formats: ["openai-chat"] },
  perplexity: { id: "perplexity", formats: ["openai-chat"] },
  deepinfra: { id: "deepinfra", formats: ["openai-chat"] },
  nvidia_nim: { id: "nvidia_nim", formats: ["openai-chat"] },
  ollama: { id: "ollama", formats: ["openai-chat"] },
  ollama_chat: { id: "ollama_chat", formats: ["openai-chat"] },
  hosted_vllm: { id: "hosted_vllm", formats: ["openai-chat"] },
  lm_studio: { id: "lm_studio", formats: ["openai-chat"] },
  cohere: { id: "cohere", formats: ["openai-chat"] },
  azure: { id: "azure", formats: ["openai-chat", "openai-responses"] },
  anthropic: { id: "anthropic", formats: ["anthropic-messages"] },
  gemini: { id: "gemini", formats: ["gemini"] },
  vertex_ai: { id: "vertex_ai", formats: ["gemini", "anthropic-messages"] },
  bedrock: { id: "bedrock", formats: ["bedrock-converse"] },
  cloudflare: { id: "cloudflare", formats: ["openai-chat"] },
  workers_ai: { id: "cloudflare", formats: ["openai-chat"] },
  mock: { id: "mock", formats: ["openai-chat"] },
};

describe("transport registry", () => {
  it.each(Object.entries(EXPECTED))("maps the %s prefix", (prefix, expected) => {
    const transport = findTransport(prefix);
    expect(transport?.id).toBe(expected.id);
    expect(transport?.formats).toEqual(expected.formats);
  });

  it("lists exactly those prefixes", () => {
    expect([...TRANSPORT_PROVIDER_IDS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("knows nothing of other prefixes, case included", () => {
    expect(findTransport("sagemaker")).toBeUndefined();
    expect(findTransport("OpenAI")).toBeUndefined();
    expect(findTransport("")).toBeUndefined();
  });
});
