import { GatewayError } from "../../errors/gateway-error.ts";
import type { FormatAdapter } from "../format-adapter.ts";
import { bedrockStreamDecoderTransformer, createBedrockStreamDecoder } from "./bedrock-stream-decoder.ts";
import { convertToBedrockRequest } from "./convert-to-bedrock-request.ts";
import { decodeBedrockResponse } from "./decode-bedrock-response.ts";

function notInbound(): never {
  throw new GatewayError("invalid_request", "The Bedrock Converse format is not supported inbound.");
}

/**
 * Amazon Bedrock Converse (`POST /model/{modelId}/converse`, `/converse-stream`),
 * outbound only: the gateway calls Bedrock in it, no client speaks it to the
 * gateway. URLs and SigV4 signing live in providers/aws/.
 */
export const bedrockConverse: Omit<FormatAdapter, "format"> & { format: "bedrock-converse" } = {
  format: "bedrock-converse",
  parseRequest: notInbound,
  encodeResponse: notInbound,
  createStreamEncoder: notInbound,
  streamEncoder: notInbound,
  buildRequest: convertToBedrockRequest,
  decodeResponse: decodeBedrockResponse,
  createStreamDecoder: createBedrockStreamDecoder,
  streamDecoder: bedrockStreamDecoderTransformer,
};
