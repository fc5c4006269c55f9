import { type DeploymentStats, type DeploymentUsage, minuteOf } from "./deployment-stats.ts";

export interface RequestOutcome {
  /** Time from sending the request to the last byte, ms. */
  latencyMs: number;
  /** Time to the first streamed token, ms; only for streams. */
  timeToFirstTokenMs?: number;
  /** Input + output tokens, for tpm. */
  tokens: number;
  ok: boolean;
  /** The request ran out of time: recorded as a latency penalty, as LiteLLM does. */
  timedOut?: boolean;
}

interface LatencySample {
  at: number;
  latencyMs: number;
  timeToFirstTokenMs: number | undefined;
}

interface DeploymentCounters {
  inFlight: number;
  minute: number;
  requestsThisMinute: number;
  tokensThisMinute: number;
  samples: LatencySample[];
}

/** LiteLLM's lowest_latency.py keeps the last 10 samples (`max_latency_list_size`). */
const MAX_LATENCY_SAMPLES = 10;
/** lowest_latency.py records a timed-out request as 1000 s, so a hanging deployment sorts last. */
export const TIMEOUT_LATENCY_PENALTY_MS = 1_000_000;

function mean(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Per-isolate counters the gateway feeds around each upstream call
 * (`onStart` before, `onEnd` after) and the strategies read. Failed requests
 * add no latency sample (their latency says nothing about a healthy answer),
 * except timeouts, which add a penalty.
 */
export class DeploymentStatsTracker implements DeploymentStats {
  private readonly counters = new Map<string, DeploymentCounters>();
  private readonly maxSamples: number;

  constructor(options: { maxLatencySamples?: number } = {}) {
    this.maxSamples = options.maxLatencySamples ?? MAX_LATENCY_SAMPLES;
  }

  onStart(deploymentId: string, now: number): void {
    const counters = this.countersFor(deploymentId, now);
    counters.inFlight += 1;
    counters.requestsThisMinute += 1;
  }

  onEnd(deploymentId: string, outcome: RequestOutcome, now: number): void {
    const counters = this.countersFor(deploymentId, now);
    counters.inFlight = Math.max(0, counters.inFlight - 1);
    counters.tokensThisMinute += outcome.tokens;
    if (!outcome.ok && !outcome.timedOut) return;
    counters.samples.push({
      at: now,
      latencyMs: outcome.timedOut ? TIMEOUT_LATENCY_PENALTY_MS : outcome.latencyMs,
      timeToFirstTokenMs: outcome.timedOut ? TIMEOUT_LATENCY_PENALTY_MS : outcome.timeToFirstTokenMs,
    });
    if (counters.samples.length > this.maxSamples)
      counters.samples.splice(0, counters.samples.length - this.maxSamples);
  }

  usage(deploymentId: string, now: number, latencyWindowMs: number): DeploymentUsage {
    const counters = this.counters.get(deploymentId);
    if (counters === undefined) {
      return {
        inFlight: 0,
        latencyMs: undefined,
        timeToFirstTokenMs: undefined,
        requestsThisMinute: 0,
        tokensThisMinute: 0,
      };
    }
    const sameMinute = counters.minute === minuteOf(now);
    const recent = counters.samples.filter((sample) => sample.at >= now - latencyWindowMs);
    return {
      inFlight: counters.inFlight,
      latencyMs: mean(recent.map((sample) => sample.latencyMs)),
      timeToFirstTokenMs: mean(
        recent.flatMap((sample) => (sample.timeToFirstTokenMs === undefined ? [] : [sample.timeToFirstTokenMs])),
      ),
      requestsThisMinute: sameMinute ? counters.requestsThisMinute : 0,
      tokensThisMinute: sameMinute ? counters.tokensThisMinute : 0,
    };
  }

  private countersFor(deploymentId: string, now: number): DeploymentCounters {
    const minute = minuteOf(now);
    let counters = this.counters.get(deploymentId);
    if (counters === undefined) {
      counters = { inFlight: 0, minute, requestsThisMinute: 0, tokensThisMinute: 0, samples: [] };
      this.counters.set(deploymentId, counters);
    } else if (counters.minute !== minute) {
      counters.minute = minute;
      counters.requestsThisMinute = 0;
      counters.tokensThisMinute = 0;
    }
    return counters;
  }
}
