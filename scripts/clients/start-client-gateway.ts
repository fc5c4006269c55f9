// The gateway alone under `wrangler dev`, with its own D1/DO/Queue state under a temp folder.
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { DATABASE_NAME, projectRoot } from "../wrangler-cli.ts";
import { freePort } from "./free-port.ts";
import { importConfig } from "./import-config.ts";
import { runWranglerChecked } from "./run-wrangler-checked.ts";

export interface ClientGateway {
  url: string;
  logFile: string;
  /** The last lines wrangler printed, for failure reports. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 60_000;

export async function startClientGateway(configText: string, workDir: string): Promise<ClientGateway> {
  const persistTo = join(workDir, "state");
  runWranglerChecked(["d1", "migrations", "apply", DATABASE_NAME, "--local", "--persist-to", persistTo]);
  importConfig(configText, persistTo, workDir);

  const port = await freePort();
  const inspectorPort = await freePort();
  const logFile = join(workDir, "gateway.log");
  const log = createWriteStream(logFile);
  const child = spawn(
    "npx",
    [
      "--no-install",
      "wrangler",
      "dev",
      "-c",
      "wrangler.toml",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      // The scripted upstream listens on loopback, which the outbound URL policy otherwise refuses.
      "--var",
      "OUTBOUND_ALLOWED_HOSTS:127.0.0.1",
    ],
    {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      // No Request.cf download from workers.cloudflare.com: the run stays on loopback.
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const logTail = (lines = 40) => readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
  const stop = async () => {
    if (running && child.pid !== undefined) {
      // wrangler dev runs workerd as a grandchild: end the whole group.
      process.kill(-child.pid, "SIGTERM");
      const killer = setTimeout(() => {
        if (running && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      }, 5000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline && running) {
    try {
      // A worker whose build failed accepts connections but never answers: bound each probe.
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return { url, logFile, logTail, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(`the gateway on :${port} did not become healthy:\n${logTail()}`);
}
