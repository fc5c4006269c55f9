import { GatewayError } from "../core/errors/gateway-error.ts";

/**
 * Agent definitions are versioned, diffed and shown to viewers, so their `env` must not hold secrets.
 * This is a first line: well-known credential prefixes, anywhere in the value but not inside a word
 * (`task-runner` is fine, `Bearer sk-…` is not). A full scrubber for memory and traces is separate.
 */
const SECRET_PATTERNS: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: "a private key", pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY/ },
  { kind: "an API key (sk-…)", pattern: /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{8,}/ },
  { kind: "a Stripe-style secret key", pattern: /(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{8,}/ },
  { kind: "an AWS access key id", pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/ },
  { kind: "a GitHub token", pattern: /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/ },
  { kind: "a GitLab token", pattern: /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}/ },
  { kind: "a Slack token", pattern: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: "a Google API key", pattern: /(?<![A-Za-z0-9])AIza[A-Za-z0-9_-]{35}/ },
];

/** The kind of credential a value looks like, if any. */
export function secretKindOf(value: string): string | undefined {
  return SECRET_PATTERNS.find(({ pattern }) => pattern.test(value))?.kind;
}

/** A 400 naming the first variable whose value looks like a credential; the value is never echoed. */
export function assertNoSecretsInEnv(env: Record<string, string> | undefined): void {
  if (env === undefined) return;
  for (const [name, value] of Object.entries(env)) {
    const kind = secretKindOf(value);
    if (kind === undefined) continue;
    throw new GatewayError(
      "invalid_request",
      `Environment variable '${name}' looks like a secret (${kind}). An agent's env is for non-secret settings; ` +
        "give credentials to the agent's runtime instead.",
      { param: `env.${name}` },
    );
  }
}
