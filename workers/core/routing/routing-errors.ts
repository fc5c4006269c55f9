import { GatewayError } from "../errors/gateway-error.ts";

function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Every deployment of the group is cooling down: a 429 with `retry-after`, as
 * LiteLLM answers "No deployments available for selected model, Try again in N seconds".
 */
export function noDeploymentAvailable(group: string, retryAfterMs: number): GatewayError {
  const seconds = wholeSeconds(retryAfterMs);
  return new GatewayError(
    "rate_limited",
    `No deployment of model \`${group}\` is available: all are cooling down after failures. Try again in ${seconds} seconds.`,
    { isRetryable: true, retryAfterSeconds: seconds },
  );
}

/** Every usable deployment is at its rpm/tpm for this minute: try again when the minute turns. */
export function rateLimitsReached(group: string, now: number): GatewayError {
  const seconds = wholeSeconds(60_000 - (now % 60_000));
  return new GatewayError(
    "rate_limited",
    `Every deployment of model \`${group}\` is at its rpm/tpm limit for this minute. Try again in ${seconds} seconds.`,
    { isRetryable: true, retryAfterSeconds: seconds },
  );
}
