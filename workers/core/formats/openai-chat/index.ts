import type { FormatAdapter } from "../format-adapter.ts";
import { convertFromOpenAiChatRequest } from "./convert-from-openai-chat-request.ts";
import { convertToOpenAiChatRequest } from "./convert-to-openai-chat-request.ts";
import { decodeOpenAiChatResponse } from "./decode-openai-chat-response.ts";
import { encodeOpenAiChatResponse } from "./encode-openai-chat-response.ts";
import { createOpenAiChatStreamDecoder, openAiChatStreamDecoderTransformer } from "./openai-chat-stream-decoder.ts";
import { createOpenAiChatStreamEncoder, openAiChatStreamEncoderTransformer } from "./openai-chat-stream-encoder.ts";

/** OpenAI Chat Completions, both directions. Design notes: ./decisions.md. */
export const openAiChat: FormatAdapter = {
  format: "openai-chat",
  parseRequest: convertFromOpenAiChatRequest,
  encodeResponse: encodeOpenAiChatResponse,
  createStreamEncoder: createOpenAiChatStreamEncoder,
  streamEncoder: openAiChatStreamEncoderTransformer,
  buildRequest: convertToOpenAiChatRequest,
  decodeResponse: decodeOpenAiChatResponse,
  createStreamDecoder: createOpenAiChatStreamDecoder,
  streamDecoder: openAiChatStreamDecoderTransformer,
};
