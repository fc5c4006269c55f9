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
