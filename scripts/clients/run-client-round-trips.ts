// npm run test:clients [-- claude-code codex opencode] [--keep]
// Real Claude Code, Codex and OpenCode each complete a shell-tool round trip through the
// gateway to a scripted upstream, and each crosses formats: Claude Code (Anthropic Messages)
// → OpenAI Chat; Codex (Responses) and OpenCode (Chat) → Anthropic Messages.
// The CLIs are installed on first use into ~/.cache/switchyard-clients (SWITCHYARD_CLIENTS_DIR
// overrides). On failure the temp folder is kept: per client, evidence.json holds the command,
// output, every client↔gateway exchange and every upstream call; gateway.log holds wrangler's log.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkRoundTrip } from "./check-round-trip.ts";
import { claudeCodeClient } from "./claude-code-client.ts";
import { clientBinaryPath, ensureClientsInstalled } from "./client-cache.ts";
import { clientGatewayConfig } from "./client-gateway-config.ts";
import type { ClientUnderTest } from "./client-under-test.ts";
import { codexClient } from "./codex-client.ts";
import { offlineEnv } from "./offline-env.ts";
import { openCodeClient } from "./opencode-client.ts";
import { type RecordedExchange, startRecordingProxy } from "./recording-proxy.ts";
import { runWithTimeout } from "./run-with-timeout.ts";
import { type RecordedCall, startScriptedUpstream } from "./scripted-upstream.ts";
import { type ClientGateway, startClientGateway } from "./start-client-gateway.ts";

const CLIENT_TIMEOUT_MS = 180_000;
const ALL_CLIENTS: ClientUnderTest[] = [claudeCodeClient, codexClient, openCodeClient];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { keep: { type: "boolean", default: false } },
});
const unknown = positionals.filter((name) => !ALL_CLIENTS.some((client) => client.name === name));
if (unknown.length > 0) {
  console.error(`unknown client(s) ${unknown.join(", ")}; choose from ${ALL_CLIENTS.map((c) => c.name).join(", ")}`);
  process.exit(2);
}
const clients = positionals.length === 0 ? ALL_CLIENTS : ALL_CLIENTS.filter((c) => positionals.includes(c.name));

const runRoot = mkdtempSync(join(tmpdir(), "switchyard-clients-"));
let upstreamServer: Server | undefined;
let gateway: ClientGateway | undefined;

async function cleanUp(keepFiles: boolean): Promise<void> {
  await gateway?.stop();
  gateway = undefined;
  upstreamServer?.closeAllConnections();
  upstreamServer?.close();
  upstreamServer = undefined;
  if (keepFiles) console.log(`files kept in ${runRoot}`);
  else rmSync(runRoot, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cleanUp(true).then(() => process.exit(130));
  });
}

/** The gateway's non-2xx answers, the first thing to read when a client fails. */
function describeErrors(exchanges: RecordedExchange[]): string[] {
  return exchanges
    .filter((exchange) => exchange.status >= 400 || exchange.status === 0)
    .map(
      (exchange) =>
        `${exchange.method} ${exchange.path} → ${exchange.status} ${exchange.responseBody.replaceAll("\n", " ").slice(0, 400)}`,
    );
}

async function runClient(client: ClientUnderTest, upstreamCalls: RecordedCall[]): Promise<boolean> {
  if (gateway === undefined) throw new Error("gateway not started");
  const clientRoot = join(runRoot, client.name);
  const context = { workDir: join(clientRoot, "work"), homeDir: join(clientRoot, "home"), gatewayUrl: "" };
  mkdirSync(context.workDir, { recursive: true });
  mkdirSync(context.homeDir, { recursive: true });
  // Each client talks to the gateway through its own recorder, so the evidence is per client.
  const recorder = await startRecordingProxy(gateway.url);
  context.gatewayUrl = recorder.url;
  const firstCall = upstreamCalls.length;
  try {
    const invocation = client.prepare(context);
    const env = { ...offlineEnv(context.homeDir), ...invocation.env };
    const result = await runWithTimeout(clientBinaryPath(client.binary), invocation.args, {
      cwd: context.workDir,
      env,
      timeoutMs: CLIENT_TIMEOUT_MS,
    });
    const calls = upstreamCalls.slice(firstCall);
    const failures = checkRoundTrip(client, result, calls, context);
    const evidenceFile = join(clientRoot, "evidence.json");
    writeFileSync(
      evidenceFile,
      JSON.stringify(
        {
          command: [client.binary, ...invocation.args],
          env: invocation.env,
          result,
          exchanges: recorder.exchanges,
          upstreamCalls: calls,
        },
        null,
        2,
      ),
    );
    const seconds = (result.durationMs / 1000).toFixed(1);
    if (failures.length === 0) {
      console.log(
        `PASS ${client.name.padEnd(12)} ${seconds.padStart(5)} s  ${calls.length} upstream calls (${client.upstreamFormat}), ${recorder.exchanges.length} gateway requests`,
      );
      return true;
    }
    console.log(`FAIL ${client.name.padEnd(12)} ${seconds.padStart(5)} s`);
    for (const failure of failures) console.log(`  - ${failure}`);
    for (const error of describeErrors(recorder.exchanges)) console.log(`  gateway: ${error}`);
    const stderr = result.stderr.trim().split("\n").slice(-8).join("\n    ");
    if (stderr !== "") console.log(`  stderr (last lines):\n    ${stderr}`);
    console.log(`  evidence (client↔gateway exchanges, upstream calls, output): ${evidenceFile}`);
    return false;
  } finally {
    await recorder.close();
  }
}

let passed = 0;
let failed = 0;
try {
  ensureClientsInstalled();
  const upstream = await startScriptedUpstream();
  upstreamServer = upstream.server;
  console.log(`• scripted upstream on ${upstream.url}`);
  gateway = await startClientGateway(clientGatewayConfig(upstream.url), runRoot);
  console.log(`• gateway on ${gateway.url} (state in ${runRoot}/state)`);
  for (const client of clients) {
    if (await runClient(client, upstream.calls)) passed++;
    else failed++;
  }
  if (failed > 0) console.log(`gateway log tail:\n${gateway.logTail(30)}`);
} catch (error) {
  failed = Math.max(failed, clients.length - passed);
  console.error(error instanceof Error ? error.message : String(error));
}
console.log(`clients: ${passed} passed, ${failed} failed`);
await cleanUp(values.keep || failed > 0);
process.exit(failed > 0 ? 1 : 0);
