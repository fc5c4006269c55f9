import { Agent, request } from "node:http";
import type { HttpTarget } from "./bench-setups.ts";
import { type LatencySummary, summarizeLatencies } from "./latency-summary.ts";
import { FIRST_TOKEN } from "./mock-payloads.ts";

export interface TtftResult {
  /** Request start to the first body bytes that contain the first text token, whatever the wire format. */
  ttftMs: LatencySummary;
  /** Request start to the end of the stream. */
  totalMs: LatencySummary;
  errors: number;
}

interface Timing {
  ttft: number | undefined;
  total: number;
  ok: boolean;
}

function timeOne(target: HttpTarget, agent: Agent): Promise<Timing> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttft: number | undefined;
    let seen = "";
    const outgoing = request(target.url, { method: "POST", headers: target.headers, agent }, (response) => {
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (ttft !== undefined) return;
        // Keep a short tail so a token split across chunks is still found.
        seen = seen.slice(-FIRST_TOKEN.length) + chunk;
        if (seen.includes(FIRST_TOKEN)) ttft = performance.now() - started;
      });
      response.on("end", () =>
        resolve({ ttft, total: performance.now() - started, ok: response.statusCode === 200 && ttft !== undefined }),
      );
      response.on("error", () => resolve({ ttft, total: performance.now() - started, ok: false }));
    });
    outgoing.on("error", () => resolve({ ttft, total: performance.now() - started, ok: false }));
    outgoing.end(target.body);
  });
}

/**
 * Time to first token at concurrency 1, against the paced mock: it sends the first token at once and
 * spaces the rest, so a gateway that buffers shows a first token as late as the whole stream.
 * Node's HTTP client adds the same constant to every setup; compare setups, not absolute values.
 */
export async function probeTimeToFirstToken(target: HttpTarget, requests: number): Promise<TtftResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timings: Timing[] = [];
  try {
    for (let index = 0; index < requests; index++) timings.push(await timeOne(target, agent));
  } finally {
    agent.destroy();
  }
  const ok = timings.filter((timing) => timing.ok);
  return {
    ttftMs: summarizeLatencies(ok.map((timing) => timing.ttft ?? Number.NaN)),
    totalMs: summarizeLatencies(ok.map((timing) => timing.total)),
    errors: timings.length - ok.length,
  };
}
