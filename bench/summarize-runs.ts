import type { Setup, SetupId } from "./bench-setups.ts";
import { median } from "./latency-summary.ts";
import type { SetupRun } from "./measure-setups.ts";

/** Medians over the repetitions. Differences are taken within each repetition first, then the median. */
export interface SetupSummary {
  id: SetupId;
  letter: string;
  label: string;
  serialP50Ms?: number;
  serialP99Ms?: number;
  addedP50VsDirectMs?: number;
  addedP99VsDirectMs?: number;
  addedP50VsPassthroughMs?: number;
  loadRps?: number;
  loadP50Ms?: number;
  loadP99Ms?: number;
  cpuMicrosecondsPerRequest?: number;
  /** The same split by process (e.g. workerd vs Miniflare's Node host), medians. */
  cpuMicrosecondsPerRequestByProcess?: Record<string, number>;
  streamRps?: number;
  streamP99Ms?: number;
  streamCpuMicrosecondsPerRequest?: number;
  ttftP50Ms?: number;
  ttftP99Ms?: number;
  ttftAddedVsDirectMs?: number;
  ttftAddedVsPassthroughMs?: number;
  /** Median time to the end of the paced stream; a first token this late would mean buffering. */
  streamTotalP50Ms?: number;
  delayedRps?: number;
  delayedOverheadP50Ms?: number;
  delayedOverheadP99Ms?: number;
  /** Peak RSS (VmHWM) of the runtime processes: workerd, or Portkey's node. Shared by (c), (d) and (e). */
  peakRssMb?: number;
  /** Miniflare's Node host, which only provides local D1/Queues/DOs and is not part of production. */
  hostPeakRssMb?: number;
  /** Non-2xx responses and socket errors over every measured run of this setup. */
  errors: number;
  failures: string[];
}

type Metric = (run: SetupRun) => number | undefined;

const METRICS = {
  serialP50: (run) => run.serial?.latencyMs.p50,
  serialP99: (run) => run.serial?.latencyMs.p99,
  loadRps: (run) => run.load?.requestsPerSecond,
  loadP50: (run) => run.load?.latencyMs.p50,
  loadP99: (run) => run.load?.latencyMs.p99,
  cpu: (run) => run.load?.cpuMicrosecondsPerRequest,
  streamRps: (run) => run.streamLoad?.requestsPerSecond,
  streamP99: (run) => run.streamLoad?.latencyMs.p99,
  streamCpu: (run) => run.streamLoad?.cpuMicrosecondsPerRequest,
  ttftP50: (run) => run.ttft?.ttftMs.p50,
  ttftP99: (run) => run.ttft?.ttftMs.p99,
  streamTotalP50: (run) => run.ttft?.totalMs.p50,
  delayedRps: (run) => run.delayed?.requestsPerSecond,
  delayedP50: (run) => run.delayed?.latencyMs.p50,
  delayedP99: (run) => run.delayed?.latencyMs.p99,
} satisfies Record<string, Metric>;

function errorCount(run: SetupRun): number {
  return [run.serial, run.load, run.streamLoad, run.delayed].reduce(
    (total, result) => total + (result?.errors ?? 0),
    run.ttft?.errors ?? 0,
  );
}

function cpuByProcess(runs: SetupRun[]): Record<string, number> | undefined {
  const commands = new Set(runs.flatMap((run) => Object.keys(run.load?.cpuMicrosecondsPerRequestByProcess ?? {})));
  if (commands.size === 0) return undefined;
  return Object.fromEntries(
    [...commands].map((command) => [
      command,
      median(runs.map((run) => run.load?.cpuMicrosecondsPerRequestByProcess[command])) ?? 0,
    ]),
  );
}

export function summarizeRuns(setups: Setup[], runs: SetupRun[], delayMs: number): SetupSummary[] {
  const runsOf = (id: SetupId) => runs.filter((run) => run.setup === id);
  const medianOf = (id: SetupId, metric: Metric) => median(runsOf(id).map(metric));
  /** Per repetition: this setup's value minus the reference's, then the median. */
  const addedOver = (id: SetupId, reference: SetupId, metric: Metric) => {
    // Nothing is compared with itself, and the mock is never compared with a gateway.
    if (id === reference || id === "direct" || !setups.some((setup) => setup.id === reference)) return undefined;
    return median(
      runsOf(id).map((run) => {
        const referenceRun = runsOf(reference).find((candidate) => candidate.repetition === run.repetition);
        const value = metric(run);
        const base = referenceRun === undefined ? undefined : metric(referenceRun);
        return value === undefined || base === undefined ? undefined : value - base;
      }),
    );
  };
  const minusDelay = (value: number | undefined) => (value === undefined ? undefined : value - delayMs);
  return setups.map((setup) => ({
    id: setup.id,
    letter: setup.letter,
    label: setup.label,
    serialP50Ms: medianOf(setup.id, METRICS.serialP50),
    serialP99Ms: medianOf(setup.id, METRICS.serialP99),
    addedP50VsDirectMs: addedOver(setup.id, "direct", METRICS.serialP50),
    addedP99VsDirectMs: addedOver(setup.id, "direct", METRICS.serialP99),
    addedP50VsPassthroughMs: addedOver(setup.id, "passthrough", METRICS.serialP50),
    loadRps: medianOf(setup.id, METRICS.loadRps),
    loadP50Ms: medianOf(setup.id, METRICS.loadP50),
    loadP99Ms: medianOf(setup.id, METRICS.loadP99),
    cpuMicrosecondsPerRequest: medianOf(setup.id, METRICS.cpu),
    cpuMicrosecondsPerRequestByProcess: cpuByProcess(runsOf(setup.id)),
    streamRps: medianOf(setup.id, METRICS.streamRps),
    streamP99Ms: medianOf(setup.id, METRICS.streamP99),
    streamCpuMicrosecondsPerRequest: medianOf(setup.id, METRICS.streamCpu),
    ttftP50Ms: medianOf(setup.id, METRICS.ttftP50),
    ttftP99Ms: medianOf(setup.id, METRICS.ttftP99),
    ttftAddedVsDirectMs: addedOver(setup.id, "direct", METRICS.ttftP50),
    ttftAddedVsPassthroughMs: addedOver(setup.id, "passthrough", METRICS.ttftP50),
    streamTotalP50Ms: medianOf(setup.id, METRICS.streamTotalP50),
    delayedRps: medianOf(setup.id, METRICS.delayedRps),
    delayedOverheadP50Ms: minusDelay(medianOf(setup.id, METRICS.delayedP50)),
    delayedOverheadP99Ms: minusDelay(medianOf(setup.id, METRICS.delayedP99)),
    errors: runsOf(setup.id).reduce((total, run) => total + errorCount(run), 0),
    failures: runsOf(setup.id).flatMap((run) => run.failures.map((failure) => `r${run.repetition} ${failure}`)),
  }));
}

/** Per repetition (e) − (c) at concurrency 1: what strict budgets add to a request. */
export function strictAddedP50Ms(runs: SetupRun[]): number | undefined {
  return median(
    runs
      .filter((run) => run.setup === "switchyard-strict")
      .map((strict) => {
        const fast = runs.find((run) => run.setup === "switchyard" && run.repetition === strict.repetition);
        const value = strict.serial?.latencyMs.p50;
        const base = fast?.serial?.latencyMs.p50;
        return value === undefined || base === undefined ? undefined : value - base;
      }),
  );
}
