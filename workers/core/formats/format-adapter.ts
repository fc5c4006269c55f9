import type { IrRequest } from "../ir/request.ts";
import type { IrResponse } from "../ir/response.ts";
import type { IrStreamPart } from "../ir/stream-part.ts";
import type { ApiFormat } from "./api-format.ts";

export interface BuildRequestOptions {
  /** The provider's model name, replacing the client's model group. */
  upstreamModel: string;
  /**
   * LiteLLM's `drop_params`: when true, what the target cannot express is
   * dropped and reported as a warning; when false, it is a 400 naming the field.
   */
  dropParams: boolean;
}

export interface BuiltRequest {
  body: Record<string, unknown>;
  /** Fields dropped under drop_params, by their inbound path. */
  dropped: string[];
}

export interface EncodeContext {
  /** The model name the client asked for (the model group), echoed back in responses. */
  model: string;
  /** Stable id for this response, when the upstream did not give one worth keeping. */
  responseId: string;
  /**
   * Chat streams only: the client asked for the usage chunk
   * (`stream_options.include_usage`); OpenAI sends it only then. Default true.
   */
  includeUsage?: boolean;
}

/**
 * One wire format, both directions. Inbound: a client speaks it (parse its
 * request, encode our response and stream for it). Outbound: a provider
 * speaks it (build its request, decode its response and stream).
 * Transport concerns (URLs, auth, signing) live in providers/, not here.
 */
export interface FormatAdapter {
  format: ApiFormat;
  /** Client body → IR. Throws a GatewayError (400) naming the bad field. */
  parseRequest(body: unknown): IrRequest;
  encodeResponse(response: IrResponse, context: EncodeContext): unknown;
  /**
   * IR stream → the client's SSE bytes, with the format's complete event grammar.
   * An `error` part becomes the format's in-band error event, and the stream is
   * still closed properly (Anthropic message_stop, Chat [DONE], Responses response.failed).
   */
  createStreamEncoder(context: EncodeContext): TransformStream<IrStreamPart, Uint8Array>;
  /** The encoder as a Transformer: the gateway runs decoder, meter and encoder in one stream. */
  streamEncoder(context: EncodeContext): Transformer<IrStreamPart, Uint8Array>;
  /** IR → provider body. Throws a GatewayError (400) for what it cannot express unless dropParams. */
  buildRequest(request: IrRequest, options: BuildRequestOptions): BuiltRequest;
  /** Provider JSON → IR; lenient, never trusts shape without a schema. */
  decodeResponse(body: unknown): IrResponse;
  /** Provider bytes (SSE) → IR stream parts, incrementally. */
  createStreamDecoder(): TransformStream<Uint8Array, IrStreamPart>;
  /** The decoder as a Transformer (see streamEncoder). */
  streamDecoder(): Transformer<Uint8Array, IrStreamPart>;
}
