/**
 * Every upstream the gateway can send to, keyed by LiteLLM's model prefix
 * (`groq/llama-3.3-70b` → `groq`); see splitProviderModel in split-provider-model.ts.
 */
import type { ProviderTransport } from "../provider-transport.ts";
import { anthropicTransport } from "./anthropic-transport.ts";
import { azureTransport } from "./azure-transport.ts";
import { bedrockTransport } from "./bedrock-transport.ts";
import { geminiTransport } from "./gemini-transport.ts";
import { mockTransport } from "./mock-transport.ts";
import { OPENAI_COMPATIBLE_PROVIDERS } from "./openai-compatible-providers.ts";
import { createOpenAiCompatibleTransport } from "./openai-compatible-transport.ts";
import { vertexTransport } from "./vertex-transport.ts";
import { workersAiTransport } from "./workers-ai-transport.ts";

const transportsByProvider = new Map<string, ProviderTransport>([
  ...OPENAI_COMPATIBLE_PROVIDERS.map((provider): [string, ProviderTransport] => [
    provider.id,
    createOpenAiCompatibleTransport(provider),
  ]),
  ["azure", azureTransport],
  ["anthropic", anthropicTransport],
  ["gemini", geminiTransport],
  ["vertex_ai", vertexTransport],
  ["bedrock", bedrockTransport],
  // LiteLLM calls Workers AI `cloudflare/`; `workers_ai/` reads better in a Switchyard config.
  ["cloudflare", workersAiTransport],
  ["workers_ai", workersAiTransport],
  ["mock", mockTransport],
]);

/** Provider prefixes with a transport, in registration order. */
export const TRANSPORT_PROVIDER_IDS: readonly string[] = [...transportsByProvider.keys()];

export function findTransport(providerId: string): ProviderTransport | undefined {
  return transportsByProvider.get(providerId);
}
