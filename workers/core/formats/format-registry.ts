import type { ProviderFormat } from "../providers/provider-format.ts";
import { anthropicMessages } from "./anthropic-messages/index.ts";
import type { ApiFormat } from "./api-format.ts";
import { bedrockConverse } from "./bedrock-converse/index.ts";
import type { FormatAdapter } from "./format-adapter.ts";
import { gemini } from "./gemini/index.ts";
import { openAiChat } from "./openai-chat/index.ts";
import { openAiResponses } from "./openai-responses/index.ts";

/** The outbound half of an adapter: all the pipeline needs to talk to a provider. */
export type OutboundFormatAdapter = Pick<
  FormatAdapter,
  "buildRequest" | "decodeResponse" | "createStreamDecoder" | "streamDecoder"
> & {
  format: ProviderFormat;
};

export function inboundAdapterFor(format: ApiFormat): FormatAdapter {
  switch (format) {
    case "openai-chat":
      return openAiChat;
    case "openai-responses":
      return openAiResponses;
    case "anthropic-messages":
      return anthropicMessages;
    case "gemini":
      return gemini;
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

export function outboundAdapterFor(format: ProviderFormat): OutboundFormatAdapter {
  if (format === "bedrock-converse") return bedrockConverse;
  return inboundAdapterFor(format);
}
