import type { CachedKey } from "../../core/auth/cached-key.ts";
import { matchDestination } from "../../core/vault/match-destination.ts";
import type { EgressRefusal } from "./egress-refusal.ts";
import type { StubPlace, StubUse } from "./find-egress-stubs.ts";
import type { CachedVaultCredential } from "./vault-credential-cache.ts";

export interface StubGrant {
  credential: CachedVaultCredential;
  use: StubUse;
}

function describePlace(place: StubPlace): string {
  return place.in === "path" ? "the URL path" : `${place.in} '${place.name}'`;
}

function isInjectionPlace(credential: CachedVaultCredential, place: StubPlace): boolean {
  if (place.in === "path") return false;
  return place.in === credential.injection.in && place.name === credential.injection.name;
}

/**
 * Whether one stub may be swapped on this request: it names a live credential (exact stub), of the
 * agent's team and granted to the agent, it sits only where the credential is injected (so its secret
 * cannot be steered into a header an endpoint reflects), and the destination is bound. The first
 * check that fails is the refusal; nothing is swapped unless every stub of the request passes.
 */
export function checkEgressStub(
  use: StubUse,
  credential: CachedVaultCredential | null,
  key: CachedKey,
  agentId: string,
  url: URL,
  method: string,
): { ok: true; grant: StubGrant } | { ok: false; refusal: EgressRefusal } {
  const credentialId = use.credentialId;
  if (credential === null || credential.stub !== use.stub) {
    return {
      ok: false,
      refusal: { reason: "unknown_stub", credentialId, message: `No credential has the stub of '${credentialId}'.` },
    };
  }
  const granted = credential.allowedAgents.includes(agentId) || credential.allowedAgents.includes("*");
  if (credential.teamId !== key.teamId || !granted) {
    return {
      ok: false,
      refusal: {
        reason: "agent_not_allowed",
        credentialId,
        message: `Credential '${credential.name}' is not granted to agent '${agentId}'.`,
      },
    };
  }
  const misplaced = use.places.find((place) => !isInjectionPlace(credential, place));
  if (misplaced !== undefined) {
    const expected = `${credential.injection.in} '${credential.injection.name}'`;
    return {
      ok: false,
      refusal: {
        reason: "stub_misplaced",
        credentialId,
        message: `The stub of credential '${credential.name}' was found in ${describePlace(misplaced)}; it is only swapped in ${expected}.`,
      },
    };
  }
  const match = matchDestination(credential.destinations, url, method);
  if (!match.ok) {
    return {
      ok: false,
      refusal: {
        reason: "destination_not_bound",
        credentialId,
        mismatch: match.mismatch,
        message: `Credential '${credential.name}' is not bound to ${method} ${url.origin}${url.pathname} (${match.mismatch} not allowed).`,
      },
    };
  }
  return { ok: true, grant: { credential, use } };
}
