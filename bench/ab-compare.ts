// node bench/ab-compare.ts <treeA> <treeB> [rounds]
// Development aid, not part of `npm run bench`: serves two source trees of the gateway side by side
// (plus the pass-through worker) and drives them alternately, so a shared, noisy machine loads both
// the same way. Prints medians of req/s and CPU µs/request at c=50 and p50 at c=1 per tree and workload.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HttpTarget } from "./bench-setups.ts";
import { bundleWorker, passthroughWranglerConfig } from "./bundle-worker.ts";
import { ensureDebianTools } from "./ensure-debian-tools.ts";
import { type BenchKeys, gatewaySeed } from "./gateway-seed.ts";
import { mockBasePath } from "./mock-route.ts";
import { stopAll, stopAllOnExit } from "./process-group.ts";
import { runWrk } from "./run-wrk.ts";
import { compatibilityDateOf, startMocks, waitForHealth } from "./start-bench-stack.ts";
import { startMiniflareWorker } from "./start-miniflare-worker.ts";

const [treeA, treeB, roundsArg] = process.argv.slice(2);
if (treeA === undefined || treeB === undefined)
  throw new Error("usage: node bench/ab-compare.ts <treeA> <treeB> [rounds]");
const rounds = Number(roundsArg ?? 5);
const durationS = Number(process.env.AB_SECONDS ?? 3);
stopAllOnExit();
const workDir = mkdtempSync(join(tmpdir(), "switchyard-ab-"));
const tools = ensureDebianTools();
if (tools.wrk === undefined || tools.nginx === undefined) throw new Error("needs wrk and nginx");
const mocks = await startMocks(tools.nginx, workDir);
const origins = { fast: mocks.fastMock.port, slow: mocks.slowMock.port, paceMs: 2, delayMs: 100 };
const seed = await gatewaySeed(origins);

async function startTree(name: string, tree: string) {
  const config = join(tree, "wrangler.toml");
  const bundle = await bundleWorker(config, join(workDir, `${name}-bundle`), join(workDir, `${name}-bundle.log`));
  const worker = await startMiniflareWorker(
    {
      name,
      bundle,
      wranglerConfig: config,
      compatibilityDate: compatibilityDateOf(config),
      seedStatements: seed.statements,
      vars: { OUTBOUND_ALLOWED_HOSTS: "127.0.0.1" },
    },
    workDir,
  );
  await waitForHealth(`${worker.url}/health/readiness`);
  return worker;
}

const compatibilityDate = compatibilityDateOf(join(treeA, "wrangler.toml"));
const passthroughConfig = join(workDir, "passthrough.wrangler.toml");
writeFileSync(passthroughConfig, passthroughWranglerConfig(compatibilityDate));
const passthroughBundle = await bundleWorker(passthroughConfig, join(workDir, "pt-bundle"), join(workDir, "pt.log"));
const passthrough = await startMiniflareWorker(
  { name: "bench-passthrough", bundle: passthroughBundle, compatibilityDate },
  workDir,
);
const gateways = { A: await startTree("gateway-a", treeA), B: await startTree("gateway-b", treeB) };

const PROMPT = "Say hello to the benchmark.";
type Case = { label: string; path: string; model: string; key: keyof BenchKeys; stream: boolean };
const cases: Case[] = [
  { label: "c json", path: "/v1/chat/completions", model: "bench-openai", key: "unlimited", stream: false },
  { label: "c sse", path: "/v1/chat/completions", model: "bench-openai-stream", key: "unlimited", stream: true },
  { label: "d json", path: "/v1/messages", model: "bench-openai", key: "unlimited", stream: false },
  { label: "d sse", path: "/v1/messages", model: "bench-openai-stream", key: "unlimited", stream: true },
  { label: "e json", path: "/v1/chat/completions", model: "bench-openai", key: "strict", stream: false },
];
const only = process.env.AB_CASES?.split(",");
const selected = only === undefined ? cases : cases.filter((entry) => only.includes(entry.label));

function target(url: string, entry: Case) {
  return {
    url: `${url}${entry.path}`,
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${seed.keys[entry.key]}`,
      "anthropic-version": "2023-06-01",
    },
    body: JSON.stringify({
      model: entry.model,
      max_tokens: 64,
      messages: [{ role: "user", content: PROMPT }],
      ...(entry.stream ? { stream: true } : {}),
    }),
  };
}
const passthroughTarget = {
  url: `${passthrough.url}/${mocks.fastMock.port}${mockBasePath({ mode: "json", delayMs: 0, paceMs: 0 })}/chat/completions`,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ model: "bench-model", messages: [{ role: "user", content: PROMPT }] }),
};

type Sample = { rps: number; cpu: number; p50: number };
const samples = new Map<string, Sample[]>();
const push = (name: string, sample: Sample) => samples.set(name, [...(samples.get(name) ?? []), sample]);
async function measure(name: string, httpTarget: HttpTarget, pid: number) {
  const options = { wrk: tools.wrk ?? "wrk", workDir, label: name.replaceAll(" ", "-"), cpuRoots: [pid] };
  const serial = await runWrk(httpTarget, { ...options, connections: 1, durationS: 1 });
  const load = await runWrk(httpTarget, { ...options, connections: 50, durationS });
  if (load.errors > 0 || serial.errors > 0)
    console.log(`  ${name}: ${load.errors + serial.errors} errors`, load.statuses);
  push(name, {
    rps: load.requestsPerSecond,
    cpu: load.cpuMicrosecondsPerRequest ?? Number.NaN,
    p50: serial.latencyMs.p50,
  });
}

for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (["A", "B"] as const) : (["B", "A"] as const);
  await measure("b passthrough", passthroughTarget, passthrough.process.pid);
  for (const entry of selected) {
    for (const tree of order)
      await measure(`${entry.label} ${tree}`, target(gateways[tree].url, entry), gateways[tree].process.pid);
  }
  console.log(`round ${round + 1}/${rounds} done`);
}
const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
console.log(`\nA = ${treeA}\nB = ${treeB}\nmedians of ${rounds} rounds (c=50 for ${durationS} s; p50 at c=1)`);
for (const [name, list] of samples) {
  console.log(
    `${name.padEnd(16)} ${median(list.map((s) => s.rps))
      .toFixed(0)
      .padStart(7)} req/s ${median(list.map((s) => s.cpu))
      .toFixed(0)
      .padStart(6)} µs CPU/req  p50 ${median(list.map((s) => s.p50)).toFixed(3)} ms`,
  );
}
await stopAll();
