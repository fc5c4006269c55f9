// npm start: local D1 migrations, the demo config, then gateway (:8787), admin (:8788) and dashboard (:8789) together.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildDashboard } from "./dashboard/build-dashboard.ts";
import { DATABASE_NAME, localStatePath, projectRoot, runWrangler } from "./wrangler-cli.ts";

const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 8787);
const ADMIN_PORT = Number(process.env.ADMIN_PORT ?? 8788);
const DASHBOARD_PORT = Number(process.env.DASHBOARD_PORT ?? 8789);
const configFile = process.argv[2] ?? "examples/config.yaml";

console.log("• applying D1 migrations (local)");
runWrangler(["d1", "migrations", "apply", DATABASE_NAME, "--local", "--persist-to", localStatePath], { quiet: true });
console.log(`• importing ${configFile}`);
const imported = spawn(process.execPath, [join(projectRoot, "scripts/config-import.ts"), configFile], {
  cwd: projectRoot,
  stdio: "inherit",
});
const importStatus = await new Promise<number | null>((resolve) => imported.on("exit", resolve));
if (importStatus !== 0) process.exit(importStatus ?? 1);

const children: ChildProcess[] = [];
const devVars = join(projectRoot, ".dev.vars");
/**
 * wrangler reads `.dev.vars` beside the worker's own wrangler.toml; the admin worker's lives in
 * workers/admin/, so it is pointed at the project's: both workers need MASTER_KEY and SWITCHYARD_ENCRYPTION_KEY.
 */
const envFileArgs = (configPath: string) =>
  configPath !== "wrangler.toml" && existsSync(devVars) ? ["--env-file", devVars] : [];

function startWorker(name: string, configPath: string, port: number, inspectorPort: number) {
  const child = spawn(
    "npx",
    [
      "--no-install",
      "wrangler",
      "dev",
      "-c",
      configPath,
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      localStatePath,
      "--show-interactive-dev-session=false",
      ...envFileArgs(configPath),
    ],
    { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  attach(name, child);
}

/** Prefixes a child's output with its name; when one exits, everything stops. */
function attach(name: string, child: ChildProcess) {
  const prefix = (line: string) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim() !== "") console.log(prefix(line));
    });
  }
  child.on("exit", (code) => {
    console.log(prefix(`exited (${code})`));
    shutdown(code ?? 1);
  });
  children.push(child);
}

function shutdown(code: number) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

if (!existsSync(join(projectRoot, ".dev.vars"))) {
  console.log("• no .dev.vars: only the mock/ models answer (copy .dev.vars.example to add provider keys)");
}
startWorker("gateway", "wrangler.toml", GATEWAY_PORT, 9229);
startWorker("admin", "workers/admin/wrangler.toml", ADMIN_PORT, 9230);
console.log("• building the dashboard");
try {
  buildDashboard();
} catch (error) {
  console.error(String(error));
  shutdown(1);
}
// Pages dev from dashboard/ (its own wrangler.toml): /api/* reaches the admin worker through the dev registry.
attach(
  "dashboard",
  spawn(
    "npx",
    [
      "--no-install",
      "wrangler",
      "pages",
      "dev",
      "--port",
      String(DASHBOARD_PORT),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      "9231",
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: join(projectRoot, "dashboard"),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  ),
);

async function waitForHealth(port: number, path = "/health"): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.error(`worker on :${port} did not become healthy`);
  shutdown(1);
}
await Promise.all([
  waitForHealth(GATEWAY_PORT),
  waitForHealth(ADMIN_PORT),
  waitForHealth(DASHBOARD_PORT, "/api/health"),
]);

const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
console.log(`
Switchyard is running.
  gateway  ${gateway}      (OpenAI-compatible: ${gateway}/v1)
  admin    http://127.0.0.1:${ADMIN_PORT}
  dashboard http://127.0.0.1:${DASHBOARD_PORT}     (sign in with the key below)
  key      sk-switchyard-dev   (the demo master key from examples/config.yaml)

Try it:
  curl ${gateway}/v1/chat/completions -H "Authorization: Bearer sk-switchyard-dev" \\
    -H "content-type: application/json" -d '{"model":"demo","messages":[{"role":"user","content":"hello"}]}'

  curl http://127.0.0.1:${ADMIN_PORT}/config -H "Authorization: Bearer sk-switchyard-dev"

Point an agent at it: see README.md ("Point your agents at it"). Ctrl-C stops all three.
`);
