import type { Deployment } from "../../../../workers/core/config/gateway-config.ts";
import type { TransportContext, UpstreamCall } from "../../../../workers/core/providers/provider-transport.ts";
import { SseDecoder } from "../../../../workers/core/sse/sse-decoder.ts";

export const TEST_NOW = new Date("2026-11-22T10:00:00Z");

export function testDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: "team-model#0",
    modelGroup: "team-model",
    provider: "openai",
    upstreamModel: "gpt-4.1-mini",
    litellmModel: "openai/gpt-4.1-mini",
    apiBase: undefined,
    apiKey: undefined,
    apiVersion: undefined,
    weight: 1,
    weightConfigured: false,
    order: 0,
    rpm: undefined,
    tpm: undefined,
    timeoutMs: undefined,
    streamTimeoutMs: undefined,
    maxRetries: undefined,
    numRetries: undefined,
    allowedFails: undefined,
    cooldownTimeMs: undefined,
    tags: [],
    pricing: undefined,
    mockResponse: undefined,
    providerParams: {},
    requiredFormat: undefined,
    ...overrides,
  };
}

export const CHAT_BODY = {
  model: "gpt-4.1-mini",
  messages: [
    { role: "system", content: "You are terse." },
    { role: "user", content: "What is the capital of France?" },
  ],
  temperature: 0.2,
  max_tokens: 256,
};

export function testCall(overrides: Partial<UpstreamCall> = {}): UpstreamCall {
  return {
    deployment: testDeployment(),
    format: "openai-chat",
    body: CHAT_BODY,
    stream: false,
    forwardHeaders: new Headers(),
    signal: undefined,
    ...overrides,
  };
}

type Responder = (request: Request) => Response | Promise<Response>;

/** A TransportContext whose fetch records each Request and answers with `respond` (default `{}`). */
export function recordingContext(respond: Responder = () => Response.json({}), extra: Partial<TransportContext> = {}) {
  const requests: Request[] = [];
  const context: TransportContext = {
    now: () => TEST_NOW,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      return respond(request);
    },
    ...extra,
  };
  return { context, requests };
}

/** A context whose fetch must not be called. */
export function offlineContext(extra: Partial<TransportContext> = {}): TransportContext {
  return {
    now: () => TEST_NOW,
    fetch: async () => {
      throw new Error("fetch must not be called");
    },
    ...extra,
  };
}

export async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

export function captureSyncError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

/** Reads an SSE body to its `data:` payloads, JSON-parsed except `[DONE]`. */
export async function readSseData(body: ReadableStream<Uint8Array> | null): Promise<unknown[]> {
  if (body === null) throw new Error("no body");
  const decoder = new SseDecoder();
  const out: unknown[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    const events = done ? decoder.end() : decoder.push(value);
    for (const event of events) out.push(event.data === "[DONE]" ? "[DONE]" : JSON.parse(event.data));
    if (done) return out;
  }
}
