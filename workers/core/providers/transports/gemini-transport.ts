/**
 * Gemini API / Google AI Studio (LiteLLM prefix `gemini`):
 *   POST https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent
 *   POST …:streamGenerateContent?alt=sse   (SSE instead of a JSON array)
 * with the key in `x-goog-api-key` (https://ai.google.dev/api/generate-content).
 * The model lives in the path and streaming is chosen by the method, so the
 * body must carry neither `model` nor `stream`: Gemini rejects unknown fields.
 */
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, UpstreamCall } from "../provider-transport.ts";
import { joinUrlPath } from "./join-url-path.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { missingConfigError } from "./missing-config-error.ts";
import { omitBodyFields } from "./omit-body-fields.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";

export const GEMINI_DEFAULT_API_BASE = "https://generativelanguage.googleapis.com/v1beta";

const GEMINI_FORMATS: readonly ProviderFormat[] = ["gemini"];

/** Fields of a Gemini-bound body that belong in the URL instead. */
export const GEMINI_URL_FIELDS = ["model", "stream"] as const;

/** `:generateContent`, or `:streamGenerateContent?alt=sse` when streaming. */
export function geminiMethodSuffix(stream: boolean): string {
  return stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
}

/** `gemini-2.5-flash` and `models/gemini-2.5-flash` both name the same model. */
function modelPath(model: string): string {
  return model.startsWith("models/") ? model : `models/${model}`;
}

export function buildGeminiRequest(call: UpstreamCall): Request {
  if (call.format !== "gemini") throw unsupportedFormatError("gemini", call.format);
  const { apiBase, apiKey } = call.deployment;
  if ((apiKey === undefined || apiKey === "") && apiBase === undefined) {
    throw missingConfigError(call.deployment, "api_key");
  }
  const url = joinUrlPath(
    apiBase ?? GEMINI_DEFAULT_API_BASE,
    `${modelPath(call.deployment.upstreamModel)}${geminiMethodSuffix(call.stream)}`,
  );
  const headers = new Headers({ accept: call.stream ? "text/event-stream" : "application/json" });
  if (apiKey !== undefined && apiKey !== "") headers.set("x-goog-api-key", apiKey);
  return jsonPostRequest(url, headers, omitBodyFields(call.body, GEMINI_URL_FIELDS), call.signal);
}

export const geminiTransport: ProviderTransport = {
  id: "gemini",
  formats: GEMINI_FORMATS,
  send: async (call, context) => context.fetch(buildGeminiRequest(call)),
};
