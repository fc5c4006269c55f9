import { type GuardOptions, guardOutboundFetch } from "../core/security/guard-outbound-fetch.ts";
import { type OutboundPolicyVars, outboundUrlPolicyFrom } from "../core/security/outbound-url-policy.ts";

const logDenial: GuardOptions = {
  onDenied: (denial) =>
    console.warn(
      `outbound request to ${denial.host} denied by the outbound URL policy (${denial.rule}): ${denial.reason}`,
    ),
};

let cached: { allowPrivate: unknown; allowedHosts: unknown; fetch: typeof fetch } | undefined;

/**
 * The fetch every upstream call goes through: the outbound URL policy of this Worker's variables, built
 * once per isolate (the variables only change with a deploy). The global fetch is looked up per call,
 * so tests that replace it are seen.
 */
export function outboundFetch(env: OutboundPolicyVars): typeof fetch {
  if (
    cached === undefined ||
    cached.allowPrivate !== env.OUTBOUND_ALLOW_PRIVATE ||
    cached.allowedHosts !== env.OUTBOUND_ALLOWED_HOSTS
  ) {
    const policy = outboundUrlPolicyFrom(env);
    cached = {
      allowPrivate: env.OUTBOUND_ALLOW_PRIVATE,
      allowedHosts: env.OUTBOUND_ALLOWED_HOSTS,
      fetch: guardOutboundFetch(policy, (request) => fetch(request), logDenial),
    };
  }
  return cached.fetch;
}
