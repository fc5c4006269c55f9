import type { Deployment } from "../config/gateway-config.ts";
import type { ProviderFormat } from "./provider-format.ts";

/** One request to send upstream, already in a format the provider speaks. */
export interface UpstreamCall {
  deployment: Deployment;
  /** The wire format of `body`; one of the transport's `formats`. */
  format: ProviderFormat;
  /** The request body, with `model` already set to the upstream model where the format has one. */
  body: Record<string, unknown>;
  stream: boolean;
  /** Client headers a same-vendor upstream needs (`anthropic-version`, `anthropic-beta`). */
  forwardHeaders: Headers;
  signal: AbortSignal | undefined;
}

/** What a transport may need beyond the deployment: bindings and a clock (for signing in tests). */
export interface TransportContext {
  /** The Workers AI binding, when configured. */
  ai?: { run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown> };
  now: () => Date;
  fetch: typeof fetch;
}

/**
 * How to reach one provider: its URL scheme, auth and signing. Formats are
 * built elsewhere (core/formats); a transport only addresses and sends.
 */
export interface ProviderTransport {
  id: string;
  /** Formats it accepts, preferred first. A client format found here takes the fast path. */
  formats: readonly ProviderFormat[];
  /** When the format depends on the model (Vertex serves Gemini and Claude), the formats for one deployment. */
  formatsFor?(deployment: Deployment): readonly ProviderFormat[];
  /** Sends the call; network errors propagate as thrown errors (the pipeline maps them). */
  send(call: UpstreamCall, context: TransportContext): Promise<Response>;
}
