import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerBundle } from "./bundle-worker.ts";
import { InspectorSession } from "./inspector-session.ts";
import type { LoadResult } from "./run-wrk.ts";

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  name: string;
  microsecondsPerRequest: number;
  percent: number;
}

export interface IsolateProfile {
  /** workerd's name for the isolate: the gateway (`core:user:…`) or Miniflare's local D1 and Queues. */
  target: string;
  busyMicrosecondsPerRequest: number;
  /** Self time by bundled source file (esbuild's `// path` markers), gateway isolate only. */
  bySource: TimeShare[];
  byFunction: TimeShare[];
}

export interface ScenarioProfile {
  scenario: string;
  load: LoadResult;
  isolates: IsolateProfile[];
}

const SAMPLING_INTERVAL_US = 200;
const V8_PSEUDO_FRAMES = new Set(["(idle)", "(program)", "(garbage collector)", "(root)"]);

/** Bundle line → the source file esbuild put there (it marks each module with `// path/to/file.ts`). */
function sourceLines(bundle: WorkerBundle): string[] {
  const lines = readFileSync(join(bundle.directory, bundle.mainModule), "utf8").split("\n");
  let current = "(bundle)";
  return lines.map((line) => {
    const marker = /^\/\/ ((?:node_modules|workers|durable-objects|bench|scripts)\/\S+)$/.exec(line);
    if (marker?.[1] !== undefined) current = marker[1];
    return current;
  });
}

function topShares(totals: Map<string, number>, requests: number, busyUs: number, limit: number): TimeShare[] {
  return [...totals]
    .sort((left, right) => right[1] - left[1])
    .slice(0, limit)
    .map(([name, microseconds]) => ({
      name,
      microsecondsPerRequest: microseconds / requests,
      percent: (100 * microseconds) / busyUs,
    }));
}

function analyze(target: string, profile: CpuProfile, requests: number, bundle: WorkerBundle, sources: string[]) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  // workerd samples an isolate only while it holds the thread, so one delta can span seconds of other
  // isolates' work: count samples and weigh each by the typical interval between consecutive samples
  // (median delta, capped: an isolate that barely ran has only long gaps).
  const deltas = [...profile.timeDeltas].sort((left, right) => left - right);
  const interval = Math.min(deltas[Math.floor(deltas.length / 2)] ?? SAMPLING_INTERVAL_US, 2 * SAMPLING_INTERVAL_US);
  const selfUs = new Map<number, number>();
  for (const nodeId of profile.samples) selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + interval);
  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyUs = 0;
  for (const [nodeId, microseconds] of selfUs) {
    const frame = nodes.get(nodeId)?.callFrame;
    // (idle) and (program) are samples taken while the isolate ran no JavaScript: in workerd that includes
    // time its thread spent on other isolates, so they are not this isolate's cost.
    if (frame === undefined || frame.functionName === "(idle)" || frame.functionName === "(program)") continue;
    busyUs += microseconds;
    const inBundle = frame.url.endsWith(bundle.mainModule);
    const source = V8_PSEUDO_FRAMES.has(frame.functionName)
      ? frame.functionName
      : inBundle
        ? (sources[frame.lineNumber] ?? "(bundle)")
        : frame.url === ""
          ? "(native)"
          : frame.url;
    bySource.set(source, (bySource.get(source) ?? 0) + microseconds);
    const name = `${frame.functionName || "(anonymous)"} · ${source}${inBundle ? `:${frame.lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + microseconds);
  }
  return {
    target,
    busyMicrosecondsPerRequest: busyUs / Math.max(1, requests),
    bySource: topShares(bySource, Math.max(1, requests), busyUs || 1, 20),
    byFunction: topShares(byFunction, Math.max(1, requests), busyUs || 1, 25),
  };
}

/**
 * Samples every isolate of the gateway's workerd (the gateway itself, and Miniflare's local D1 and
 * Queues, which production runs elsewhere) while `runLoad` drives traffic, and attributes self time to
 * bundled source files. Only used by BENCH_PROFILE=1: an attached profiler slows the isolate.
 */
export async function profileUnderLoad(
  inspectorPort: number,
  bundle: WorkerBundle,
  scenario: string,
  outputDirectory: string,
  runLoad: () => Promise<LoadResult>,
): Promise<ScenarioProfile> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    id: string;
    webSocketDebuggerUrl: string;
  }[];
  const profiled = targets.filter(
    (target) => target.id.startsWith("core:user:") || target.id.startsWith("d1:") || target.id.startsWith("queues:"),
  );
  const sessions = profiled.map((target) => ({ target, session: new InspectorSession(target.webSocketDebuggerUrl) }));
  for (const { session } of sessions) {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
    await session.send("Profiler.start");
  }
  const load = await runLoad();
  const sources = sourceLines(bundle);
  const isolates: IsolateProfile[] = [];
  for (const { target, session } of sessions) {
    const { profile } = (await session.send("Profiler.stop")) as { profile: CpuProfile };
    session.close();
    const fileName = `${scenario}-${target.id.replaceAll(/[^a-z0-9-]+/gi, "_")}.cpuprofile`;
    writeFileSync(join(outputDirectory, fileName), JSON.stringify(profile));
    const isolate = analyze(target.id, profile, load.requests, bundle, sources);
    if (isolate.busyMicrosecondsPerRequest > 0) isolates.push(isolate);
  }
  return { scenario, load, isolates };
}
