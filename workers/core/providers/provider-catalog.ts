/**
 * What the gateway knows about each upstream, keyed by LiteLLM's model prefix
 * (`groq/llama-3.3-70b` → `groq`). The OpenAI-compatible family is one adapter
 * plus this table of base URLs.
 */
import type { ApiFormat } from "../formats/api-format.ts";

export type ProviderAuthStyle = "bearer" | "none";

export interface ProviderSpec {
  id: string;
  nativeFormat: ApiFormat;
  defaultApiBase: string | undefined;
  auth: ProviderAuthStyle;
  /** Answered in-process (no network); see mock-upstream.ts. */
  inProcess: boolean;
}

function openAiCompatible(
  id: string,
  defaultApiBase: string | undefined,
  auth: ProviderAuthStyle = "bearer",
): ProviderSpec {
  return { id, nativeFormat: "openai-chat", defaultApiBase, auth, inProcess: false };
}

const providers: ProviderSpec[] = [
  { id: "mock", nativeFormat: "openai-chat", defaultApiBase: undefined, auth: "none", inProcess: true },
  openAiCompatible("openai", "https://api.openai.com/v1"),
  openAiCompatible("groq", "https://api.groq.com/openai/v1"),
  openAiCompatible("deepseek", "https://api.deepseek.com/v1"),
  openAiCompatible("mistral", "https://api.mistral.ai/v1"),
  openAiCompatible("together_ai", "https://api.together.xyz/v1"),
  openAiCompatible("fireworks_ai", "https://api.fireworks.ai/inference/v1"),
  openAiCompatible("openrouter", "https://openrouter.ai/api/v1"),
  openAiCompatible("xai", "https://api.x.ai/v1"),
  openAiCompatible("cerebras", "https://api.cerebras.ai/v1"),
  openAiCompatible("perplexity", "https://api.perplexity.ai"),
  openAiCompatible("deepinfra", "https://api.deepinfra.com/v1/openai"),
  openAiCompatible("nvidia_nim", "https://integrate.api.nvidia.com/v1"),
  openAiCompatible("ollama", "http://localhost:11434/v1", "none"),
  openAiCompatible("hosted_vllm", undefined),
  openAiCompatible("lm_studio", "http://localhost:1234/v1", "none"),
];

const providersById = new Map(providers.map((provider) => [provider.id, provider]));

export function findProvider(id: string): ProviderSpec | undefined {
  return providersById.get(id);
}

/**
 * `groq/llama-3.3-70b` → `{ provider: "groq", model: "llama-3.3-70b" }`. A bare
 * name means OpenAI, as in LiteLLM; an unknown prefix is kept so config
 * resolution can warn about it by name.
 */
export function splitProviderModel(model: string): { provider: string; model: string } {
  const slash = model.indexOf("/");
  if (slash <= 0) return { provider: "openai", model };
  return { provider: model.slice(0, slash), model: model.slice(slash + 1) };
}
