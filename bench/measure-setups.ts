import type { BenchOptions } from "./bench-options.ts";
import type { Setup, SetupId } from "./bench-setups.ts";
import { type LoadResult, runWrk } from "./run-wrk.ts";
import { probeTimeToFirstToken, type TtftResult } from "./ttft-probe.ts";

/** One setup's measurements in one repetition; a measurement that failed is missing and named in `failures`. */
export interface SetupRun {
  setup: SetupId;
  repetition: number;
  /** Concurrency 1, JSON replies: per-request latency. */
  serial?: LoadResult;
  /** Concurrency 50, JSON replies: throughput, latency, CPU per request. */
  load?: LoadResult;
  /** Concurrency 50, 20-event streams from the fast mock. */
  streamLoad?: LoadResult;
  /** Concurrency 1, paced streams: time to first token. */
  ttft?: TtftResult;
  /** Fixed-delay upstream at high concurrency: latency − delay = overhead, including queueing. */
  delayed?: LoadResult;
  failures: string[];
}

type Stage = "serial" | "load" | "streamLoad" | "ttft" | "delayed";
const STAGES: Stage[] = ["serial", "load", "streamLoad", "ttft", "delayed"];

interface MeasureContext {
  options: BenchOptions;
  wrk: string;
  workDir: string;
}

async function measure(stage: Stage, setup: Setup, context: MeasureContext, run: SetupRun): Promise<void> {
  const { options, wrk, workDir } = context;
  const wrkOptions = (connections: number, durationS: number) => ({
    wrk,
    connections,
    durationS,
    workDir,
    label: `${setup.id}-${stage}-r${run.repetition}`,
    cpuRoots: setup.processRoots,
  });
  switch (stage) {
    case "serial":
      run.serial = await runWrk(setup.target("json"), wrkOptions(1, options.serialS));
      return;
    case "load":
      run.load = await runWrk(setup.target("json"), wrkOptions(options.loadConnections, options.loadS));
      return;
    case "streamLoad":
      run.streamLoad = await runWrk(setup.target("sse"), wrkOptions(options.loadConnections, options.streamLoadS));
      return;
    case "ttft":
      run.ttft = await probeTimeToFirstToken(setup.target("paced"), options.ttftRequests);
      return;
    case "delayed":
      run.delayed = await runWrk(setup.target("delayed"), wrkOptions(options.delayConnections, options.delayS));
      return;
    default: {
      const unknown: never = stage;
      throw new Error(`unknown stage ${String(unknown)}`);
    }
  }
}

/** Warms every setup (JIT, key and config caches, upstream connection pools) before anything is recorded. */
export async function warmUp(setups: Setup[], context: MeasureContext): Promise<void> {
  for (const setup of setups) {
    const label = `${setup.id}-warmup`;
    const common = { wrk: context.wrk, workDir: context.workDir, cpuRoots: [], label };
    await runWrk(setup.target("json"), { ...common, connections: 10, durationS: context.options.warmupS });
    await runWrk(setup.target("sse"), { ...common, connections: 10, durationS: 1 });
    await probeTimeToFirstToken(setup.target("paced"), 3);
  }
}

/**
 * Every repetition runs each measurement for all setups back to back before the next measurement, and
 * starts with a different setup, so drift on a shared machine (other work, thermal) lands on all setups
 * alike instead of on whichever ran last.
 */
export async function measureSetups(setups: Setup[], context: MeasureContext): Promise<SetupRun[]> {
  const runs: SetupRun[] = [];
  for (let repetition = 1; repetition <= context.options.repetitions; repetition++) {
    const rotation = (repetition - 1) % setups.length;
    const ordered = [...setups.slice(rotation), ...setups.slice(0, rotation)];
    const byId = new Map<SetupId, SetupRun>();
    for (const setup of ordered) {
      const run: SetupRun = { setup: setup.id, repetition, failures: [] };
      byId.set(setup.id, run);
      runs.push(run);
    }
    for (const stage of STAGES) {
      process.stdout.write(`  repetition ${repetition}/${context.options.repetitions}: ${stage}`);
      for (const setup of ordered) {
        const run = byId.get(setup.id);
        if (run === undefined) continue;
        try {
          await measure(stage, setup, context, run);
          process.stdout.write(` ${setup.letter}✓`);
        } catch (error) {
          run.failures.push(`${stage}: ${String(error).split("\n")[0]}`);
          process.stdout.write(` ${setup.letter}✗`);
        }
      }
      process.stdout.write("\n");
    }
  }
  return runs;
}
