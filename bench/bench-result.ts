import type { BenchOptions } from "./bench-options.ts";
import type { SetupId } from "./bench-setups.ts";
import type { GoalCheck } from "./check-goals.ts";
import type { MachineInfo } from "./machine-info.ts";
import type { EnforcementProbe, HotKeyResult } from "./measure-budget.ts";
import type { SetupRun } from "./measure-setups.ts";
import type { LoadResult } from "./run-wrk.ts";
import type { SetupSummary } from "./summarize-runs.ts";

/** What bench/results/<timestamp>.json and latest.json hold. */
export interface BenchResult {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  options: BenchOptions;
  machine: MachineInfo;
  mock: {
    /** Serves JSON and plain streams; `node` only when nginx could not be had. */
    fast: "nginx" | "node";
    /** The fixed-delay and paced modes always come from the Node mock. */
    slow: "node";
    /** The fast mock measured alone before anything else, so it is known not to be the bottleneck. */
    alone: { serial: LoadResult; load: LoadResult };
  };
  setups: SetupSummary[];
  skipped: { id: SetupId; reason: string }[];
  budget: {
    enforcement: EnforcementProbe | { error: string };
    hotKey: HotKeyResult | { error: string };
    strictAddedP50Ms: number | undefined;
  };
  goals: GoalCheck[];
  notes: string[];
  /** Every repetition's raw measurements. */
  runs: SetupRun[];
}
