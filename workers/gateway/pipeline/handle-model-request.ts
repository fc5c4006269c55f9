import type { Context } from "hono";
import type { Deployment } from "../../core/config/gateway-config.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import { inboundAdapterFor } from "../../core/formats/format-registry.ts";
import type { ProviderFormat } from "../../core/providers/provider-format.ts";
import type { ProviderTransport, TransportContext } from "../../core/providers/provider-transport.ts";
import { findTransport } from "../../core/providers/transports/transport-registry.ts";
import { deploymentsForModel, pickDeployment } from "../../core/routing/select-deployment.ts";
import { resolveSessionIdentity } from "../../core/session/session-identity.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { assertModelAccess } from "./assert-model-access.ts";
import { forwardSameFormat } from "./forward-same-format.ts";
import { forwardTranslated } from "./forward-translated.ts";
import type { ModelRequestScope } from "./model-request-scope.ts";
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from "./read-json-body.ts";

function workersAiBinding(env: Env): Pick<TransportContext, "ai"> {
  const ai = (env as { AI?: TransportContext["ai"] }).AI;
  return ai === undefined ? {} : { ai };
}

export interface ModelRequestOptions {
  /** Gemini puts the model in the URL, not the body. */
  modelFromPath?: string;
  /** Gemini chooses streaming by method name (`:streamGenerateContent`). */
  streamFromPath?: boolean;
}

/**
 * The format the deployment requires (Responses-only models), else the
 * client's format when the upstream speaks it (fast path), else the upstream's preferred one.
 */
function chooseUpstreamFormat(
  transport: ProviderTransport,
  deployment: Deployment,
  inbound: ApiFormat,
): ProviderFormat {
  const formats = transport.formatsFor?.(deployment) ?? transport.formats;
  if (deployment.requiredFormat !== undefined && formats.includes(deployment.requiredFormat))
    return deployment.requiredFormat;
  if (formats.includes(inbound)) return inbound;
  const preferred = formats[0];
  if (preferred === undefined)
    throw new GatewayError("config_unavailable", `Provider '${deployment.provider}' has no format.`);
  return preferred;
}

/**
 * Every model endpoint runs through here: parse the client's body into the
 * IR (validating it), route to a deployment, then take the fast path when
 * the upstream speaks the client's format, else translate.
 */
export async function handleModelRequest(
  c: Context<GatewayHonoEnv>,
  format: ApiFormat,
  options: ModelRequestOptions = {},
): Promise<Response> {
  const inbound = inboundAdapterFor(format);
  const maxBytes = Number(c.env.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES);
  const body = await readJsonBody(c.req.raw, maxBytes);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GatewayError("invalid_request", "The request body must be a JSON object.");
  }
  const ir = inbound.parseRequest(body);
  const modelGroup = options.modelFromPath ?? ir.model;
  if (options.streamFromPath !== undefined) ir.stream = options.streamFromPath;
  assertModelAccess(c.get("principal"), modelGroup);
  const deployment = pickDeployment(deploymentsForModel(c.get("config"), modelGroup));
  const transport = findTransport(deployment.provider);
  if (transport === undefined) {
    throw new GatewayError("config_unavailable", `Provider '${deployment.provider}' is not supported.`, {
      provider: deployment.provider,
    });
  }
  const scope: ModelRequestScope = {
    c,
    inbound,
    body: body as Record<string, unknown>,
    ir,
    modelGroup,
    deployment,
    transport,
    upstreamFormat: chooseUpstreamFormat(transport, deployment, format),
    stream: ir.stream,
    session: resolveSessionIdentity(c.req.raw.headers, body as Record<string, unknown>),
    recording: {
      env: c.env,
      variables: {
        requestId: c.get("requestId"),
        receivedAt: c.get("receivedAt"),
        apiFormat: format,
        principal: c.get("principal"),
      },
      waitUntil: (promise) => c.executionCtx.waitUntil(promise),
      startedAtEpochMs: Date.now(),
    },
    transportContext: {
      now: () => new Date(),
      fetch: (input, init) => fetch(input, init),
      // Workers AI through its binding when `[ai] binding = "AI"` is added to wrangler.toml (a remote-only
      // binding, so it is off by default to keep local dev and tests offline); else over REST.
      ...workersAiBinding(c.env),
    },
  };
  return scope.upstreamFormat === format ? forwardSameFormat(scope) : forwardTranslated(scope);
}
