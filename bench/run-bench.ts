// npm run bench   (BENCH_QUICK=1 npm run bench for a one-minute development run)
// Issue #7: Switchyard's overhead, throughput, memory and CPU, measured side by side with a direct call,
// a bare pass-through worker and Portkey, interleaved in one run. See bench/README.md.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchOptions } from "./bench-options.ts";
import type { BenchResult } from "./bench-result.ts";
import { benchSetups, type Setup } from "./bench-setups.ts";
import { checkGoals } from "./check-goals.ts";
import { ensureDebianTools } from "./ensure-debian-tools.ts";
import { machineInfo } from "./machine-info.ts";
import { measureHotKey, probeEnforcement } from "./measure-budget.ts";
import { measureSetups, warmUp } from "./measure-setups.ts";
import { mockPath } from "./mock-route.ts";
import { stopAll, stopAllOnExit, wasInterrupted } from "./process-group.ts";
import { processMemory } from "./process-stats.ts";
import { renderTable } from "./render-markdown.ts";
import { runProfile } from "./run-profile.ts";
import { runWrk } from "./run-wrk.ts";
import { startGateways, startMocks } from "./start-bench-stack.ts";
import { strictAddedP50Ms, summarizeRuns } from "./summarize-runs.ts";
import { verifySetups } from "./verify-setups.ts";
import { writeResults } from "./write-results.ts";

const errorText = (error: unknown) => String(error).split("\n")[0] ?? "unknown error";

/** Peak RSS of the runtime (workerd, or Portkey's node) and, for Miniflare setups, of its Node host. */
function memoryOf(setup: Setup): { peakRssMb?: number; hostPeakRssMb?: number } {
  if (setup.processRoots.length === 0) return {};
  const processes = processMemory(setup.processRoots);
  const runtime = processes.filter((entry) => entry.command === "workerd");
  const sum = (entries: typeof processes) => entries.reduce((total, entry) => total + entry.peakRssMb, 0);
  if (runtime.length === 0) return { peakRssMb: sum(processes) };
  return { peakRssMb: sum(runtime), hostPeakRssMb: sum(processes.filter((entry) => entry.command !== "workerd")) };
}

async function main(workDir: string): Promise<void> {
  stopAllOnExit();
  const options = benchOptions(process.env);
  const startedAt = new Date();
  console.log(`Switchyard bench, ${options.quick ? "quick mode (BENCH_QUICK=1)" : "full run"}; logs in ${workDir}`);

  const tools = ensureDebianTools();
  const wrk = tools.wrk;
  if (wrk === undefined)
    throw new Error("wrk is required: install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)");
  const machine = machineInfo(tools);
  const notes: string[] = [
    `Load from wrk with one thread per connection (each request is timed exactly); client, gateways and mocks share the ${machine.cores} cores.`,
  ];
  const nginx = options.forceNodeMock ? undefined : tools.nginx;
  if (nginx === undefined)
    notes.push("The Node mock served all traffic (no nginx, or BENCH_MOCK=node): it caps throughput.");

  const mocks = await startMocks(nginx, workDir);
  console.log(`• measuring the ${mocks.fastMock.kind} mock alone`);
  const aloneTarget = {
    url: `http://127.0.0.1:${mocks.fastMock.port}${mockPath({ mode: "json", endpoint: "chat", delayMs: 0, paceMs: 0 })}`,
    headers: { "content-type": "application/json" },
    body: '{"model":"bench-model","messages":[{"role":"user","content":"hi"}]}',
  };
  const aloneOptions = { wrk, workDir, label: "mock-alone", cpuRoots: [mocks.fastMock.process.pid] };
  const alone = {
    serial: await runWrk(aloneTarget, { ...aloneOptions, connections: 1, durationS: options.serialS }),
    load: await runWrk(aloneTarget, {
      ...aloneOptions,
      connections: options.loadConnections,
      durationS: options.loadS,
    }),
  };
  console.log(
    `  p50 ${alone.serial.latencyMs.p50.toFixed(3)} ms at c=1; ${Math.round(alone.load.requestsPerSecond)} req/s at c=${options.loadConnections}`,
  );

  const stack = await startGateways(mocks, options, workDir, options.profile);
  const allSetups = benchSetups({
    origins: { fast: mocks.fastMock.port, slow: mocks.slowMock.port, paceMs: options.paceMs, delayMs: options.delayMs },
    passthrough: { url: stack.passthrough.url, pid: stack.passthrough.process.pid },
    switchyard: { url: stack.switchyard.url, pid: stack.switchyard.process.pid, keys: stack.seed.keys },
    portkey: stack.portkey.ok ? { url: stack.portkey.url, pid: stack.portkey.process.pid } : undefined,
  });
  console.log("• checking every setup answers correctly");
  const { ready: setups, skipped } = await verifySetups(allSetups);
  if (!stack.portkey.ok)
    skipped.push({ id: "portkey", reason: `could not be installed or started: ${stack.portkey.reason}` });
  if (!setups.some((setup) => setup.id === "direct"))
    throw new Error("the mock does not answer directly; nothing to compare");

  const switchyardSetup = allSetups.find((setup) => setup.id === "switchyard");
  const withKey = (key: string) => {
    if (switchyardSetup === undefined) throw new Error("no Switchyard setup");
    const target = switchyardSetup.target("json");
    return { ...target, headers: { ...target.headers, authorization: `Bearer ${key}` } };
  };
  const enforcement = await probeEnforcement(withKey(stack.seed.keys.probe)).catch((error: unknown) => ({
    error: errorText(error),
  }));
  if ("enforced" in enforcement && !enforcement.enforced) {
    notes.push(
      `Limits were not enforced in this run (rpm_limit 1 answered ${enforcement.statuses.join(", ")}): (e) ran without BudgetCounter calls.`,
    );
  }

  const context = { options, wrk, workDir };
  console.log(`• warming up ${setups.length} setups`);
  await warmUp(setups, context);
  if (stack.inspectorPort !== undefined) {
    await runProfile(setups, { ...context, inspectorPort: stack.inspectorPort, bundle: stack.gatewayBundle });
    return;
  }
  console.log(
    `• measuring ${setups.map((setup) => setup.letter).join(", ")}: ${options.repetitions} interleaved repetitions`,
  );
  const runs = await measureSetups(setups, context);

  console.log("• hot-key Durable Object micro-bench");
  const hotKey = await measureHotKey(withKey(stack.seed.keys.hot), {
    ...context,
    cpuRoots: [stack.switchyard.process.pid],
    persistDirectory: stack.switchyard.persistDirectory,
    scriptName: "switchyard-gateway",
  }).catch((error: unknown) => ({ error: errorText(error) }));

  const summaries = summarizeRuns(setups, runs, options.delayMs).map((summary) => {
    const setup = setups.find((candidate) => candidate.id === summary.id);
    return setup === undefined ? summary : { ...summary, ...memoryOf(setup) };
  });
  const strictAdded = strictAddedP50Ms(runs);
  const finishedAt = new Date();
  const result: BenchResult = {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationS: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    options,
    machine,
    mock: { fast: mocks.fastMock.kind, slow: "node", alone },
    setups: summaries,
    skipped,
    budget: { enforcement, hotKey, strictAddedP50Ms: strictAdded },
    goals: checkGoals(summaries, strictAdded, options.paceMs),
    notes,
    runs,
  };
  const written = writeResults(result);

  console.log(`\n${renderTable(result)}\n`);
  for (const goal of result.goals) {
    console.log(`${goal.met === undefined ? "–" : goal.met ? "✓" : "✗"} ${goal.goal}: ${goal.measured}`);
  }
  if ("operationsPerSecond" in hotKey) {
    console.log(
      `hot key: ${Math.round(hotKey.load.requestsPerSecond)} req/s, BudgetCounter ${hotKey.operationsPerSecond === undefined ? `not counted (${hotKey.countError})` : `${Math.round(hotKey.operationsPerSecond)} ops/s`}`,
    );
  }
  for (const summary of summaries)
    for (const failure of summary.failures) console.log(`(${summary.letter}) ${failure}`);
  console.log(`\nwrote ${written.files.join(", ")} in ${result.durationS.toFixed(0)} s`);
}

const workDir = mkdtempSync(join(tmpdir(), "switchyard-bench-"));
try {
  await main(workDir);
  await stopAll();
  // Logs, bundles and the local D1/DO state are only worth keeping when something went wrong.
  rmSync(workDir, { recursive: true, force: true });
} catch (error) {
  await stopAll();
  if (wasInterrupted()) process.exit(130);
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`logs of every process: ${workDir}`);
  process.exitCode = 1;
}
