import type { OpenAiEmbeddingsRequest } from "../formats/openai-embeddings/openai-embeddings-api.ts";

const DEFAULT_DIMENSIONS = 16;

/**
 * Deterministic embeddings for the `mock/` provider: each input hashes
 * (FNV-1a per dimension) to a unit vector, so equal texts embed equally and
 * demos and tests need no network.
 */
export function answerMockEmbeddings(request: OpenAiEmbeddingsRequest, model: string): Record<string, unknown> {
  const inputs =
    typeof request.input === "string" ? [request.input] : request.input.map((item) => JSON.stringify(item));
  const dimensions = request.dimensions ?? DEFAULT_DIMENSIONS;
  let promptTokens = 0;
  const data = inputs.map((text, index) => {
    const textValue = typeof text === "string" ? text : String(text);
    promptTokens += Math.max(1, Math.ceil(textValue.length / 4));
    const vector = Array.from({ length: dimensions }, (_, dimension) => hashToUnit(`${dimension}:${textValue}`));
    const norm = Math.hypot(...vector) || 1;
    return { object: "embedding", index, embedding: vector.map((value) => value / norm) };
  });
  return { object: "list", data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
}

function hashToUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0xffffffff - 0.5;
}
