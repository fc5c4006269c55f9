import type { Context } from "hono";
import { Hono } from "hono";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { readConfigKeyring } from "../../core/secrets/read-config-keyring.ts";
import { openSecret } from "../../core/secrets/secret-envelope.ts";
import {
  checkOutboundUrl,
  describeOutboundDenial,
  outboundUrlPolicyFrom,
} from "../../core/security/outbound-url-policy.ts";
import { SecretReplacer } from "../../core/vault/secret-replacer.ts";
import { errorResponse } from "../error-response.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { authenticateEgressAgent, type EgressAgent } from "./authenticate-egress-agent.ts";
import { buildEgressRequest, forwardableHeaders, type OpenedGrant } from "./build-egress-request.ts";
import { buildEgressResponse } from "./build-egress-response.ts";
import { checkEgressKillSwitch } from "./check-egress-kill-switch.ts";
import { checkEgressStub, type StubGrant } from "./check-egress-stubs.ts";
import type { EgressRefusal } from "./egress-refusal.ts";
import { findEgressStubs } from "./find-egress-stubs.ts";
import { EGRESS_PATH_PREFIX, parseEgressTarget } from "./parse-egress-target.ts";
import { recordEgressRefusal } from "./record-egress-refusal.ts";
import { vaultCredentialCache } from "./vault-credential-cache.ts";

/** A refusal: 403 in the OpenAI error shape, the reason also as a header, audited when a stub was involved. */
function refuse(c: Context<GatewayHonoEnv>, agent: EgressAgent, url: URL, refusal: EgressRefusal): Response {
  const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
  if (refusal.credentialId !== undefined) {
    recordEgressRefusal(c.env, waitUntil, {
      refusal,
      key: agent.key,
      agentId: agent.agentId,
      method: c.req.method,
      url,
      requestId: c.get("requestId"),
      at: Date.now(),
    });
  }
  const response = errorResponse(
    "openai-chat",
    new GatewayError("permission_denied", `Egress refused (${refusal.reason}): ${refusal.message}`),
    c.get("requestId"),
  );
  response.headers.set("x-switchyard-egress-refusal", refusal.reason);
  return response;
}

async function openGrants(env: Env, grants: StubGrant[]): Promise<OpenedGrant[]> {
  if (grants.length === 0) return [];
  const keyring = await readConfigKeyring(env);
  return Promise.all(
    grants.map(async (grant) => {
      const opened = await openSecret(grant.credential.sealedSecret, keyring);
      if (!opened.ok) {
        // The reason (no_key, unknown_key, corrupt) is for the operator; the envelope itself is not logged.
        console.error(`vault credential ${grant.credential.id} cannot be opened: ${opened.reason}`);
        throw new GatewayError("config_unavailable", `Credential '${grant.credential.name}' cannot be opened.`);
      }
      return { grant, secret: opened.plaintext };
    }),
  );
}

/**
 * `/egress/<absolute URL>`: the agent's explicit proxy, closed to stopped agents and keys. Finds credential stubs in the headers, query and
 * path; swaps them for their secrets only when every one is granted to the agent and bound to this
 * destination (check-egress-stubs.ts); refuses and audits otherwise, swapping nothing. The destination
 * also passes the outbound URL policy; redirects are returned, never followed; the answer streams back
 * with any echo of a secret replaced by its stub.
 */
async function handleEgress(c: Context<GatewayHonoEnv>): Promise<Response> {
  const agent = await authenticateEgressAgent(c);
  const url = parseEgressTarget(c.req.url);
  await checkEgressKillSwitch(c, agent, url);
  const method = c.req.method;
  const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
  const grants: StubGrant[] = [];
  for (const use of findEgressStubs(c.req.raw.headers, url)) {
    const credential = await vaultCredentialCache.get(use.credentialId, c.env, waitUntil);
    const checked = checkEgressStub(use, credential, agent.key, agent.agentId, url, method);
    if (!checked.ok) return refuse(c, agent, url, checked.refusal);
    grants.push(checked.grant);
  }
  const verdict = checkOutboundUrl(url.href, outboundUrlPolicyFrom(c.env));
  if (!verdict.ok) {
    console.warn(`egress to ${url.host} denied by the outbound URL policy (${verdict.rule}): ${verdict.reason}`);
    return refuse(c, agent, url, {
      reason: "outbound_policy",
      credentialId: grants[0]?.credential.id,
      message: describeOutboundDenial(verdict),
    });
  }
  const opened = await openGrants(c.env, grants);
  const request = buildEgressRequest(c.req.raw, url, forwardableHeaders(c.req.raw.headers, agent.keyHeader), opened);
  let upstream: Response;
  try {
    upstream = await fetch(request);
  } catch (cause) {
    throw new GatewayError("upstream_unreachable", `The destination ${url.host} could not be reached.`, { cause });
  }
  const replacer =
    opened.length === 0
      ? undefined
      : new SecretReplacer(opened.map(({ grant, secret }) => ({ secret, stub: grant.credential.stub })));
  return buildEgressResponse(upstream, replacer);
}

export const egressRoutes = new Hono<GatewayHonoEnv>().all(`${EGRESS_PATH_PREFIX}*`, handleEgress);
