import type { FormatAdapter } from "../format-adapter.ts";
import { convertFromOpenAiResponsesRequest } from "./convert-from-openai-responses-request.ts";
import { convertToOpenAiResponsesRequest } from "./convert-to-openai-responses-request.ts";
import { decodeOpenAiResponsesResponse } from "./decode-openai-responses-response.ts";
import { encodeOpenAiResponsesResponse } from "./encode-openai-responses-response.ts";
import {
  createOpenAiResponsesStreamDecoder,
  openAiResponsesStreamDecoderTransformer,
} from "./openai-responses-stream-decoder.ts";
import {
  createOpenAiResponsesStreamEncoder,
  openAiResponsesStreamEncoderTransformer,
} from "./openai-responses-stream-encoder.ts";

/** The OpenAI Responses API (POST /v1/responses), the wire format Codex CLI speaks. */
export const openAiResponses: FormatAdapter = {
  format: "openai-responses",
  parseRequest: convertFromOpenAiResponsesRequest,
  encodeResponse: encodeOpenAiResponsesResponse,
  createStreamEncoder: createOpenAiResponsesStreamEncoder,
  streamEncoder: openAiResponsesStreamEncoderTransformer,
  buildRequest: convertToOpenAiResponsesRequest,
  decodeResponse: decodeOpenAiResponsesResponse,
  createStreamDecoder: createOpenAiResponsesStreamDecoder,
  streamDecoder: openAiResponsesStreamDecoderTransformer,
};
