import type { FormatAdapter } from "../format-adapter.ts";
import { anthropicStreamDecoderTransformer, createAnthropicStreamDecoder } from "./anthropic-stream-decoder.ts";
import { anthropicStreamEncoderTransformer, createAnthropicStreamEncoder } from "./anthropic-stream-encoder.ts";
import { convertFromAnthropicRequest } from "./convert-from-anthropic-request.ts";
import { convertToAnthropicRequest } from "./convert-to-anthropic-request.ts";
import { decodeAnthropicResponse } from "./decode-anthropic-response.ts";
import { encodeAnthropicResponse } from "./encode-anthropic-response.ts";

/** Anthropic Messages (`POST /v1/messages`), inbound for Claude Code and the SDK, outbound to Anthropic. */
export const anthropicMessages: FormatAdapter = {
  format: "anthropic-messages",
  parseRequest: convertFromAnthropicRequest,
  encodeResponse: encodeAnthropicResponse,
  createStreamEncoder: createAnthropicStreamEncoder,
  streamEncoder: anthropicStreamEncoderTransformer,
  buildRequest: convertToAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  createStreamDecoder: createAnthropicStreamDecoder,
  streamDecoder: anthropicStreamDecoderTransformer,
};
