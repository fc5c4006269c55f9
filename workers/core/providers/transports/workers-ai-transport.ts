/**
 * Cloudflare Workers AI (LiteLLM prefix `cloudflare`, e.g.
 * `cloudflare/@cf/meta/llama-3.3-70b-instruct-fp8-fast`; `workers_ai` is
 * accepted as a Switchyard alias). It takes OpenAI Chat bodies and answers
 * with OpenAI Chat responses, reached one of two ways:
 * - the `AI` binding (`context.ai`), preferred: no key, no public hop. Its
 *   native outputs are converted to `chat.completion` / `chat.completion.chunk`;
 * - REST, when the deployment sets `api_base` (e.g. an AI Gateway URL) or when
 *   there is no binding: the OpenAI-compatible endpoint
 *   https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1/chat/completions
 *   (https://developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility/)
 *   with the API token as Bearer.
 */
import { GatewayError } from "../../errors/gateway-error.ts";
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, TransportContext, UpstreamCall } from "../provider-transport.ts";
import { buildWorkersAiRunInputs } from "./build-workers-ai-run-inputs.ts";
import { convertWorkersAiOutput } from "./convert-workers-ai-output.ts";
import { joinUrlPath } from "./join-url-path.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { missingConfigError } from "./missing-config-error.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";
import { createWorkersAiChatStream, type WorkersAiChatMeta } from "./workers-ai-chat-stream.ts";
import { workersAiOutputSchema } from "./workers-ai-output-api.ts";

const WORKERS_AI_FORMATS: readonly ProviderFormat[] = ["openai-chat"];

type AiBinding = NonNullable<TransportContext["ai"]>;

export function workersAiRestBase(accountId: string): string {
  return `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(accountId)}/ai/v1`;
}

export function buildWorkersAiRestRequest(call: UpstreamCall): Request {
  const { apiBase, apiKey, providerParams } = call.deployment;
  const accountId = providerParams.accountId;
  if (apiBase === undefined && (accountId === undefined || accountId === "")) {
    throw missingConfigError(call.deployment, "account_id", "(or an AI binding, or api_base).");
  }
  if (apiBase === undefined && (apiKey === undefined || apiKey === "")) {
    throw missingConfigError(call.deployment, "api_key", "(a Cloudflare API token with Workers AI access).");
  }
  const base = apiBase ?? workersAiRestBase(accountId ?? "");
  const headers = new Headers({ accept: call.stream ? "text/event-stream" : "application/json" });
  if (apiKey !== undefined && apiKey !== "") headers.set("authorization", `Bearer ${apiKey}`);
  return jsonPostRequest(joinUrlPath(base, "chat/completions"), headers, call.body, call.signal);
}

function newMeta(call: UpstreamCall, now: Date): WorkersAiChatMeta {
  return {
    id: `chatcmpl-${crypto.randomUUID()}`,
    created: Math.floor(now.getTime() / 1000),
    model: call.deployment.upstreamModel,
    newToolCallId: () => `call_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`,
  };
}

/**
 * Binding failures carry a Workers AI error code first ("5006: …" for an
 * input the model rejects, 3xxx for capacity and internal errors). Only the
 * code-less summary reaches the caller; the original stays as `cause`.
 */
function bindingError(call: UpstreamCall, error: unknown): GatewayError {
  const message = error instanceof Error ? error.message : "";
  const isInputError = /^5\d{3}\b/.test(message);
  return new GatewayError("upstream_error", `Workers AI could not run '${call.deployment.upstreamModel}'.`, {
    provider: call.deployment.provider,
    isRetryable: !isInputError,
    cause: error,
  });
}

function unreadableOutput(call: UpstreamCall): GatewayError {
  return new GatewayError("upstream_error", "Workers AI returned an output the gateway could not read.", {
    provider: call.deployment.provider,
  });
}

/** `env.AI.run()` and its output, as an OpenAI-compatible upstream would have answered. */
export async function runWithWorkersAiBinding(call: UpstreamCall, ai: AiBinding, now: Date): Promise<Response> {
  const inputs = buildWorkersAiRunInputs(call.body, call.stream);
  let output: unknown;
  try {
    output = await ai.run(call.deployment.upstreamModel, inputs, call.signal ? { signal: call.signal } : undefined);
  } catch (error) {
    if (call.signal?.aborted) throw error;
    throw bindingError(call, error);
  }
  const meta = newMeta(call, now);
  if (call.stream) {
    const sse = output instanceof ReadableStream ? (output as ReadableStream<Uint8Array>) : wholeOutputAsSse(output);
    return new Response(sse.pipeThrough(createWorkersAiChatStream(meta)), {
      headers: { "content-type": "text/event-stream" },
    });
  }
  if (output instanceof ReadableStream) {
    await output.cancel();
    throw unreadableOutput(call);
  }
  const parsed = workersAiOutputSchema.safeParse(typeof output === "string" ? { response: output } : output);
  if (!parsed.success) throw unreadableOutput(call);
  return Response.json(convertWorkersAiOutput(parsed.data, meta));
}

/** Some models answer a streaming call with a whole result; it is replayed as one event. */
function wholeOutputAsSse(output: unknown): ReadableStream<Uint8Array> {
  const event = typeof output === "string" ? { response: output } : output;
  const text = `data: ${JSON.stringify(event ?? null)}\n\ndata: [DONE]\n\n`;
  return new Response(text).body ?? new ReadableStream();
}

export const workersAiTransport: ProviderTransport = {
  id: "cloudflare",
  formats: WORKERS_AI_FORMATS,
  async send(call, context) {
    if (call.format !== "openai-chat") throw unsupportedFormatError("cloudflare", call.format);
    if (context.ai !== undefined && call.deployment.apiBase === undefined) {
      return runWithWorkersAiBinding(call, context.ai, context.now());
    }
    return context.fetch(buildWorkersAiRestRequest(call));
  },
};
