// npm run soak   (SOAK_SECONDS=30 npm run soak for a short run)
// Issue #8: minutes of mixed traffic through the gateway (local D1, Queues and Durable Objects on workerd,
// as the bench runs it) against an upstream that fails 10% of requests, then checks that no spend record
// was lost or doubled, that records match what clients were told, and that no budget hold leaked.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../scripts/clients/free-port.ts";
import { projectRoot } from "../../scripts/wrangler-cli.ts";
import { bundleWorker } from "../bundle-worker.ts";
import { spawnTracked, stopAll, stopAllOnExit, wasInterrupted } from "../process-group.ts";
import { compatibilityDateOf, waitForHealth } from "../start-bench-stack.ts";
import { startMiniflareWorker } from "../start-miniflare-worker.ts";
import { checkSoak } from "./soak-checks.ts";
import { readBudgetCounters, readSessionIndex, readSpendRows } from "./soak-ledger.ts";
import { type SoakOptions, soakOptions } from "./soak-options.ts";
import { soakSeed } from "./soak-seed.ts";
import { printSoakSummary, type SoakSummary } from "./soak-summary.ts";
import { type ClientOutcome, scenarioOf, sendScenario } from "./soak-traffic.ts";

const SCRIPT_NAME = "switchyard-gateway";

async function startFaultMock(options: SoakOptions, workDir: string) {
  const port = await freePort();
  const script = fileURLToPath(new URL("fault-mock-upstream.ts", import.meta.url));
  const tracked = spawnTracked(
    process.execPath,
    [script, String(port), String(options.failureRate), String(options.seed)],
    {
      logFile: join(workDir, "fault-mock.log"),
    },
  );
  await tracked.waitForLine(/^listening \d+/, 10_000);
  return port;
}

async function runTraffic(url: string, options: SoakOptions, keys: ReturnType<typeof soakSeed>["keys"]) {
  const outcomes: ClientOutcome[] = [];
  const deadline = Date.now() + options.seconds * 1000;
  let sequence = 0;
  const progress = setInterval(() => {
    const failed = outcomes.filter((outcome) => outcome.kind !== "ok").length;
    console.log(
      `  ${outcomes.length} requests, ${failed} not ok, ${Math.max(0, Math.round((deadline - Date.now()) / 1000))} s left`,
    );
  }, 15_000);
  const worker = async () => {
    while (Date.now() < deadline) outcomes.push(await sendScenario(url, scenarioOf(options.seed, sequence++, keys)));
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    clearInterval(progress);
  }
  return outcomes;
}

/** Waits until every answered request has its record in D1, or the record count stops moving for a while. */
async function drain(persistDirectory: string, outcomes: ClientOutcome[], drainSeconds: number): Promise<number> {
  const wanted = new Set(outcomes.flatMap((outcome) => (outcome.requestId === undefined ? [] : [outcome.requestId])));
  const startedAt = Date.now();
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const rows = readSpendRows(persistDirectory);
    const found = rows.filter((row) => wanted.has(row.requestId)).length;
    if (found >= wanted.size) return (Date.now() - startedAt) / 1000;
    if (rows.length !== last) {
      last = rows.length;
      stableSince = Date.now();
    }
    // Queue retries back off up to a minute: only give up after the count sat still that long, or the deadline.
    if (Date.now() - stableSince > 65_000 || Date.now() - startedAt > drainSeconds * 1000)
      return (Date.now() - startedAt) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function main(workDir: string): Promise<boolean> {
  stopAllOnExit();
  const options = soakOptions(process.env);
  console.log(
    `Switchyard soak: ${options.seconds} s, concurrency ${options.concurrency}, ${Math.round(options.failureRate * 100)}% upstream failures, seed ${options.seed}; logs in ${workDir}`,
  );
  const mockPort = await startFaultMock(options, workDir);
  const gatewayConfig = join(projectRoot, "wrangler.toml");
  console.log("• bundling the gateway (wrangler deploy --dry-run)");
  const bundle = await bundleWorker(gatewayConfig, join(workDir, "gateway-bundle"), join(workDir, "bundle.log"));
  const seed = soakSeed(mockPort, { tightBudgetUsd: options.tightBudgetUsd, teamParallel: options.teamParallel });
  mkdirSync(join(workDir, "state"), { recursive: true });
  console.log("• starting the gateway on workerd (Miniflare: local D1, Queues, Durable Objects)");
  const gateway = await startMiniflareWorker(
    {
      name: SCRIPT_NAME,
      bundle,
      wranglerConfig: gatewayConfig,
      compatibilityDate: compatibilityDateOf(gatewayConfig),
      seedStatements: seed.statements,
      // The fault mock listens on loopback, which the outbound URL policy refuses unless listed.
      vars: { OUTBOUND_ALLOWED_HOSTS: "127.0.0.1" },
    },
    workDir,
  );
  await waitForHealth(`${gateway.url}/health/readiness`);

  console.log(`• traffic for ${options.seconds} s`);
  const startedAt = Date.now();
  const outcomes = await runTraffic(gateway.url, options, seed.keys);
  const trafficSeconds = (Date.now() - startedAt) / 1000;
  console.log("• waiting for settles and the spend queue to drain");
  const drainSeconds = await drain(gateway.persistDirectory, outcomes, options.drainSeconds);
  // Settles run in waitUntil after the last answers: give them a moment before reading the counters.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const ledger = {
    rows: readSpendRows(gateway.persistDirectory),
    counters: readBudgetCounters(gateway.persistDirectory, SCRIPT_NAME),
    sessionIndex: readSessionIndex(gateway.persistDirectory),
  };
  const upstream = (await (await fetch(`http://127.0.0.1:${mockPort}/__soak/stats`)).json()) as SoakSummary["upstream"];
  const findings = checkSoak(outcomes, ledger, seed.keys);
  const summary: SoakSummary = { options, trafficSeconds, drainSeconds, outcomes, upstream, ledger, findings };
  printSoakSummary(summary);
  const resultFile = join(workDir, "soak-result.json");
  writeFileSync(resultFile, JSON.stringify({ ...summary, outcomes: undefined, ledger: undefined }, null, 2));
  return findings.every((finding) => finding.ok);
}

const workDir = mkdtempSync(join(tmpdir(), "switchyard-soak-"));
let passed = false;
try {
  passed = await main(workDir);
} catch (error) {
  if (!wasInterrupted())
    console.error(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await stopAll();
}
if (passed) {
  rmSync(workDir, { recursive: true, force: true });
  console.log("soak passed");
} else {
  console.error(`soak FAILED; logs and state kept in ${workDir}`);
  process.exitCode = 1;
}
