import type { FormatAdapter } from "../format-adapter.ts";
import { convertFromGeminiRequest } from "./convert-from-gemini-request.ts";
import { convertToGeminiRequest } from "./convert-to-gemini-request.ts";
import { decodeGeminiResponse } from "./decode-gemini-response.ts";
import { encodeGeminiResponse } from "./encode-gemini-response.ts";
import { createGeminiStreamDecoder, geminiStreamDecoderTransformer } from "./gemini-stream-decoder.ts";
import { createGeminiStreamEncoder, geminiStreamEncoderTransformer } from "./gemini-stream-encoder.ts";

/** Google Gemini API (generateContent, streamGenerateContent?alt=sse), both directions. Design notes: ./decisions.md. */
export const gemini: FormatAdapter = {
  format: "gemini",
  parseRequest: convertFromGeminiRequest,
  encodeResponse: encodeGeminiResponse,
  createStreamEncoder: createGeminiStreamEncoder,
  streamEncoder: geminiStreamEncoderTransformer,
  buildRequest: convertToGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  createStreamDecoder: createGeminiStreamDecoder,
  streamDecoder: geminiStreamDecoderTransformer,
};
