// One `wrangler dev` / `wrangler pages dev` process for the local stack, run as the leader of its own
// process group so that stopping it reaches workerd too, and stopped gracefully (SIGTERM to the group,
// so wrangler removes its temporary bundles) before anything is killed.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../wrangler-cli.ts";

const WRANGLER = join(projectRoot, "node_modules/.bin/wrangler");
const GRACE_MS = 8000;

export interface WranglerProcess {
  child: ChildProcess;
  logFile: string;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export function startWrangler(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): WranglerProcess {
  // The binary itself, not npx: npx would run it from the package root and hide its signals.
  const child = spawn(WRANGLER, args, { cwd: options.cwd, env: options.env, detached: true, stdio: "pipe" });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start wrangler ${args.join(" ")}`);
  const log = createWriteStream(options.logFile);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.on("close", () => log.end());
  const stop = async () => {
    signalGroup(pid, "SIGTERM");
    const deadline = Date.now() + GRACE_MS;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    signalGroup(pid, "SIGKILL");
  };
  const logTail = (lines = 40) => readFileSync(options.logFile, "utf8").split("\n").slice(-lines).join("\n");
  return { child, logFile: options.logFile, logTail, stop };
}
