import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { freePort } from "../scripts/clients/free-port.ts";
import { spawnTracked, type TrackedProcess } from "./process-group.ts";

/** Overrides where Portkey is installed (default ~/.cache/switchyard-bench/portkey); never a project dependency. */
export const PORTKEY_DIR_VARIABLE = "SWITCHYARD_BENCH_PORTKEY_DIR";
export const PORTKEY_VERSION = "1.15.2";
/** A fresh install breaks Portkey's streaming (`TypeError: immutable`) with newer @hono/node-server. */
const NODE_SERVER_PIN = "1.13.8";

const manifest = `${JSON.stringify(
  {
    private: true,
    description: "Portkey's gateway for npm run bench (installed on demand)",
    dependencies: { "@portkey-ai/gateway": PORTKEY_VERSION, "@hono/node-server": NODE_SERVER_PIN },
    overrides: { "@hono/node-server": NODE_SERVER_PIN },
  },
  null,
  2,
)}\n`;

function portkeyDir(): string {
  return process.env[PORTKEY_DIR_VARIABLE] ?? join(homedir(), ".cache", "switchyard-bench", "portkey");
}

function serverScript(): string {
  return join(portkeyDir(), "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
}

function installedVersion(): string | undefined {
  try {
    const file = join(portkeyDir(), "node_modules", "@portkey-ai", "gateway", "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Installs the pinned Portkey gateway into the cache dir when missing; returns why not, if it cannot. */
function ensurePortkeyInstalled(): string | undefined {
  const directory = portkeyDir();
  if (installedVersion() === PORTKEY_VERSION && existsSync(serverScript())) return undefined;
  console.log(`• installing @portkey-ai/gateway@${PORTKEY_VERSION} into ${directory} (@hono/node-server pinned)`);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "package.json"), manifest);
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: directory,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 180_000,
  });
  if (result.status !== 0 || !existsSync(serverScript())) {
    return `npm install failed: ${`${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-3).join(" / ")}`;
  }
  return undefined;
}

export type PortkeyStart = { ok: true; url: string; process: TrackedProcess } | { ok: false; reason: string };

/** Portkey's Node server (`build/start-server.js`), routed per request by `x-portkey-*` headers. */
export async function startPortkey(workDir: string): Promise<PortkeyStart> {
  let installProblem: string | undefined;
  try {
    installProblem = ensurePortkeyInstalled();
  } catch (error) {
    installProblem = String(error).split("\n")[0];
  }
  if (installProblem !== undefined) return { ok: false, reason: installProblem };
  const port = await freePort();
  const tracked = spawnTracked(process.execPath, [serverScript(), `--port=${port}`, "--headless"], {
    cwd: portkeyDir(),
    logFile: join(workDir, "portkey.log"),
  });
  try {
    await tracked.waitForLine(/Ready for connections/, 30_000);
  } catch (error) {
    await tracked.stop();
    return { ok: false, reason: `did not start: ${String(error).split("\n")[0]}` };
  }
  return { ok: true, url: `http://127.0.0.1:${port}`, process: tracked };
}
