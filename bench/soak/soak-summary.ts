import type { InjectedFault } from "./pick-fault.ts";
import type { SoakFinding, SoakLedger } from "./soak-checks.ts";
import type { SoakOptions } from "./soak-options.ts";
import type { ClientOutcome } from "./soak-traffic.ts";

export interface SoakSummary {
  options: SoakOptions;
  trafficSeconds: number;
  drainSeconds: number;
  outcomes: ClientOutcome[];
  /** What the fault mock served (GET /__soak/stats). */
  upstream: { requests: number; byEndpoint: Record<string, number>; injected: Record<InjectedFault, number> };
  ledger: SoakLedger;
  findings: SoakFinding[];
}

function countBy<T>(items: T[], keyOf: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

const list = (entries: Array<[string, number]>) => entries.map(([name, count]) => `${name} ${count}`).join(", ");

/** The run in a dozen lines: traffic, faults, records, then each invariant with its verdict. */
export function printSoakSummary(summary: SoakSummary): void {
  const { outcomes, upstream, ledger, findings } = summary;
  const injected = Object.values(upstream.injected).reduce((total, count) => total + count, 0);
  const notOk = outcomes.filter((outcome) => outcome.kind !== "ok");
  const lines = [
    "",
    "Soak summary",
    `  traffic      ${outcomes.length} requests in ${summary.trafficSeconds.toFixed(1)} s (${(outcomes.length / summary.trafficSeconds).toFixed(1)} req/s, concurrency ${summary.options.concurrency}, seed ${summary.options.seed})`,
    `  mix          ${list(countBy(outcomes, (outcome) => `${outcome.format}${outcome.stream ? "/stream" : ""}`))}`,
    `  by key       ${list(countBy(outcomes, (outcome) => outcome.key))}`,
    `  upstream     ${upstream.requests} requests, ${injected} failures injected (${list(Object.entries(upstream.injected))})`,
    `  client saw   ok ${outcomes.length - notOk.length}; ${list(countBy(notOk, (outcome) => outcome.kind)) || "no errors"}`,
    `  records      ${ledger.rows.length} in D1 (drained ${summary.drainSeconds.toFixed(1)} s after the traffic), $${ledger.rows.reduce((total, row) => total + row.costUsd, 0).toFixed(6)} in all`,
    "",
    ...findings.map((finding) => `  ${finding.ok ? "ok  " : "FAIL"} ${finding.name}: ${finding.detail}`),
    "",
  ];
  console.log(lines.join("\n"));
}
