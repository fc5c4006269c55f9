/**
 * The OpenAI-compatible family: one transport, this table of defaults, keyed
 * by LiteLLM's model prefix (`groq/llama-3.3-70b` → `groq`). A deployment's
 * `api_base` always wins over the default; the key, when set, is sent as
 * `Authorization: Bearer` (local servers such as Ollama and LM Studio need none).
 */
import type { ProviderFormat } from "../provider-format.ts";

export interface OpenAiCompatibleProvider {
  id: string;
  /** Undefined where every deployment must name its own server (`hosted_vllm`). */
  defaultApiBase: string | undefined;
  /** Preferred first. */
  formats: readonly ProviderFormat[];
  /**
   * Appended to a configured `api_base` that lacks it. LiteLLM's Ollama
   * settings name the server root (`http://localhost:11434`), while the
   * OpenAI-compatible routes live under `/v1` (https://docs.ollama.com/api/openai-compatibility).
   */
  apiBasePathSuffix?: string;
  /** Body fields the provider rejects outright. */
  unsupportedBodyFields?: readonly string[];
}

const chatOnly: readonly ProviderFormat[] = ["openai-chat"];

function chatProvider(id: string, defaultApiBase: string | undefined): OpenAiCompatibleProvider {
  return { id, defaultApiBase, formats: chatOnly };
}

export const OPENAI_COMPATIBLE_PROVIDERS: readonly OpenAiCompatibleProvider[] = [
  // OpenAI serves both Chat Completions and Responses (https://platform.openai.com/docs/api-reference/responses).
  { id: "openai", defaultApiBase: "https://api.openai.com/v1", formats: ["openai-chat", "openai-responses"] },
  chatProvider("groq", "https://api.groq.com/openai/v1"),
  chatProvider("deepseek", "https://api.deepseek.com/v1"),
  chatProvider("mistral", "https://api.mistral.ai/v1"),
  chatProvider("together_ai", "https://api.together.xyz/v1"),
  chatProvider("fireworks_ai", "https://api.fireworks.ai/inference/v1"),
  chatProvider("openrouter", "https://openrouter.ai/api/v1"),
  chatProvider("xai", "https://api.x.ai/v1"),
  chatProvider("cerebras", "https://api.cerebras.ai/v1"),
  // Perplexity serves `/chat/completions` at the host root (https://docs.perplexity.ai/api-reference/chat-completions-post).
  chatProvider("perplexity", "https://api.perplexity.ai"),
  chatProvider("deepinfra", "https://api.deepinfra.com/v1/openai"),
  chatProvider("nvidia_nim", "https://integrate.api.nvidia.com/v1"),
  { id: "ollama", defaultApiBase: "http://localhost:11434/v1", formats: chatOnly, apiBasePathSuffix: "/v1" },
  // LiteLLM's `ollama_chat/` prefix targets the same server.
  { id: "ollama_chat", defaultApiBase: "http://localhost:11434/v1", formats: chatOnly, apiBasePathSuffix: "/v1" },
  chatProvider("hosted_vllm", undefined),
  chatProvider("lm_studio", "http://localhost:1234/v1"),
  /*
   * LiteLLM's `cohere/` prefix speaks Cohere's native v2 chat API. Switchyard
   * uses Cohere's OpenAI Compatibility API instead
   * (https://docs.cohere.com/docs/compatibility-api), so Cohere needs no wire
   * format of its own. That endpoint rejects `stream_options`, so it is
   * dropped; Cohere's streams then carry no usage chunk.
   */
  {
    id: "cohere",
    defaultApiBase: "https://api.cohere.ai/compatibility/v1",
    formats: chatOnly,
    unsupportedBodyFields: ["stream_options"],
  },
];
