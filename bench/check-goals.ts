import type { SetupId } from "./bench-setups.ts";
import type { SetupSummary } from "./summarize-runs.ts";

/** One of issue #7's goals, with what this run measured. `met` is undefined when it could not be measured. */
export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

function check(
  goal: string,
  value: number | undefined,
  passes: (value: number) => boolean,
  show: (value: number) => string,
) {
  return value === undefined
    ? { goal, measured: "not measured", met: undefined }
    : { goal, measured: show(value), met: passes(value) };
}

export function checkGoals(setups: SetupSummary[], strictAddedP50Ms: number | undefined, paceMs: number): GoalCheck[] {
  const of = (id: SetupId) => setups.find((setup) => setup.id === id);
  const fast = of("switchyard");
  const floor = of("passthrough");
  const translated = of("switchyard-translated");
  const portkey = of("portkey");
  const ratio = (top: number | undefined, bottom: number | undefined) =>
    top === undefined || bottom === undefined || bottom === 0 ? undefined : top / bottom;
  const ttftTranslation =
    translated?.ttftP50Ms === undefined || fast?.ttftP50Ms === undefined
      ? undefined
      : translated.ttftP50Ms - fast.ttftP50Ms;
  return [
    check(
      "(c) keeps ≥ 90% of (b)'s throughput at c=50",
      ratio(fast?.loadRps, floor?.loadRps),
      (value) => value >= 0.9,
      (value) => `${(value * 100).toFixed(0)}% of (b)`,
    ),
    check("(c) adds ≤ 0.2 ms p50 over (b) at c=1", fast?.addedP50VsPassthroughMs, (value) => value <= 0.2, ms),
    check("strict budgets (e) add ≤ 0.5 ms p50 over (c)", strictAddedP50Ms, (value) => value <= 0.5, ms),
    check(
      "(c) throughput ≥ 3× Portkey's (f)",
      ratio(fast?.loadRps, portkey?.loadRps),
      (value) => value >= 3,
      (value) => `${value.toFixed(1)}×`,
    ),
    check(
      "(c) p99 at c=50 lower than Portkey's",
      fast?.loadP99Ms === undefined || portkey?.loadP99Ms === undefined
        ? undefined
        : fast.loadP99Ms - portkey.loadP99Ms,
      (value) => value < 0,
      (value) => `${value >= 0 ? "+" : ""}${ms(value)} vs (f)`,
    ),
    check("streaming translation (d) adds ≤ 0.3 ms TTFT over (c)", ttftTranslation, (value) => value <= 0.3, ms),
    check(
      "streaming translation never buffers (first token long before the stream ends)",
      translated?.ttftP50Ms === undefined || translated.streamTotalP50Ms === undefined
        ? undefined
        : translated.streamTotalP50Ms - translated.ttftP50Ms,
      // The paced mock spaces 18 events by paceMs after the first token; buffering would erase that gap.
      (value) => value >= paceMs * 10,
      (value) => `first token ${ms(value)} before the end`,
    ),
  ];
}
