/** What the strategies read about a deployment; DeploymentStatsTracker is the in-memory writer. */
export interface DeploymentUsage {
  /** Requests started and not yet ended. */
  inFlight: number;
  /** Mean latency of recent completed requests in the window, ms; undefined with no sample. */
  latencyMs: number | undefined;
  /** Mean time to first token of recent streamed requests in the window, ms. */
  timeToFirstTokenMs: number | undefined;
  /** Requests started in the current minute (LiteLLM counts rpm when a request starts). */
  requestsThisMinute: number;
  /** Tokens (input + output) of requests ended in the current minute. */
  tokensThisMinute: number;
}

export interface DeploymentStats {
  /** `latencyWindowMs`: how far back latency samples count (routing_strategy_args.ttl). */
  usage(deploymentId: string, now: number, latencyWindowMs: number): DeploymentUsage;
}

/** The minute a timestamp falls in: LiteLLM keys rpm/tpm counters by the current minute. */
export function minuteOf(now: number): number {
  return Math.floor(now / 60_000);
}
