// The whole local stack for the dashboard's e2e tests and screenshots: gateway, admin and the dashboard
// (Pages, proxying /api to the admin worker over its service binding), each under `wrangler dev` with
// its own state and dev registry in a scratch folder, so runs never meet the developer's `npm start`.
import { join } from "node:path";
import { freePort } from "../clients/free-port.ts";
import { runWranglerChecked } from "../clients/run-wrangler-checked.ts";
import { DATABASE_NAME, projectRoot } from "../wrangler-cli.ts";
import { startWrangler, type WranglerProcess } from "./wrangler-process.ts";

export interface LocalStackOptions {
  /** Scratch folder: D1/DO/Queue state, the dev registry and one log per process. */
  workDir: string;
  /** Injected as the MASTER_KEY secret of both workers. */
  masterKey: string;
  /** More vars for both workers (e.g. OUTBOUND_ALLOW_PRIVATE for a loopback mock upstream). */
  vars?: Record<string, string>;
}

export interface LocalStack {
  gatewayUrl: string;
  adminUrl: string;
  dashboardUrl: string;
  /** The last lines a process logged, for failure reports. */
  logTail(name: "gateway" | "admin" | "dashboard", lines?: number): string;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 90_000;

async function waitForHealth(url: string, process: WranglerProcess, name: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) break;
    try {
      // A worker whose build failed accepts connections but never answers: bound each probe.
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      last = `${response.status}`;
      if (response.ok) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${name} (${url}) did not become healthy (${last}):\n${process.logTail(30)}`);
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const persistTo = join(options.workDir, "state");
  runWranglerChecked(["d1", "migrations", "apply", DATABASE_NAME, "--local", "--persist-to", persistTo]);
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    // No Request.cf download from workers.cloudflare.com: the run stays on loopback.
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    // A private dev registry: the service bindings (admin → gateway, dashboard → admin) find these workers only.
    WRANGLER_REGISTRY_PATH: join(options.workDir, "registry"),
  };
  const vars = Object.entries({ MASTER_KEY: options.masterKey, ...options.vars }).flatMap(([name, value]) => [
    "--var",
    `${name}:${value}`,
  ]);
  const common = ["--ip", "127.0.0.1", "--show-interactive-dev-session=false"];
  const processes: Array<{ name: "gateway" | "admin" | "dashboard"; process: WranglerProcess }> = [];
  const start = async (name: "gateway" | "admin" | "dashboard", args: string[], cwd: string) => {
    const port = await freePort();
    const inspectorPort = await freePort();
    const process = startWrangler(
      [...args, "--port", String(port), "--inspector-port", String(inspectorPort), ...common],
      { cwd, env, logFile: join(options.workDir, `${name}.log`) },
    );
    processes.push({ name, process });
    return { url: `http://127.0.0.1:${port}`, process };
  };
  const stop = async () => {
    await Promise.all(processes.map((entry) => entry.process.stop()));
  };
  try {
    // One after the other: two workerd processes opening the same local D1 file at once can fail with SQLITE_BUSY.
    const workerArgs = (config: string) => ["dev", "-c", config, "--persist-to", persistTo, ...vars];
    const gateway = await start("gateway", workerArgs("wrangler.toml"), projectRoot);
    await waitForHealth(`${gateway.url}/health`, gateway.process, "gateway");
    const admin = await start("admin", workerArgs("workers/admin/wrangler.toml"), projectRoot);
    await waitForHealth(`${admin.url}/health`, admin.process, "admin");
    const dashboardState = join(options.workDir, "dashboard-state");
    const dashboard = await start(
      "dashboard",
      ["pages", "dev", "--persist-to", dashboardState],
      join(projectRoot, "dashboard"),
    );
    // Through the Pages Function and the service binding: proves the proxy, not just the static files.
    await waitForHealth(`${dashboard.url}/api/health`, dashboard.process, "dashboard");
    return {
      gatewayUrl: gateway.url,
      adminUrl: admin.url,
      dashboardUrl: dashboard.url,
      logTail: (name, lines = 40) => processes.find((entry) => entry.name === name)?.process.logTail(lines) ?? "",
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
