import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

/**
 * Every process the bench starts (mocks, gateways, wrk) is spawned here, each as the leader of its own
 * process group, so stopping it also stops what it started (Miniflare's workerd). Whatever is still
 * running is stopped on normal exit, on Ctrl-C / SIGTERM, and on a crash — by process group id, nothing else.
 */
const running = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM goes to the leader only, so a host (serve-miniflare) can stop and reap its own workerd: an
 * orphan would be left as a zombie in containers whose init does not reap.
 */
function signalLeader(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // already gone
  }
}

export interface TrackedProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with the first stdout/stderr line matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

export function spawnTracked(
  command: string,
  args: string[],
  options: SpawnOptions & { logFile: string },
): TrackedProcess {
  const { logFile, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  const log = createWriteStream(logFile, { flags: "a" });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.on("close", () => log.end());
  let seen = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    seen += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);

  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = seen.split("\n").find((candidate) => pattern.test(candidate));
        if (line === undefined) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms (log: ${logFile})`));
      }, timeoutMs);
      const onExit = () => {
        cleanup();
        reject(new Error(`${command} exited before printing ${pattern} (log: ${logFile}):\n${seen.slice(-2000)}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off("exit", onExit);
      };
      listeners.add(check);
      child.once("exit", onExit);
      check();
    });

  const stop = async () => {
    signalLeader(child, "SIGTERM");
    const killer = setTimeout(() => signalGroup(child, "SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
    // Whatever the leader left behind in its group goes too.
    signalGroup(child, "SIGKILL");
  };
  return { child, pid, waitForLine, stop };
}

let installed = false;
let interrupted = false;

/** True once Ctrl-C / SIGTERM arrived: what fails afterwards is the stop, not a bug. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Stops every tracked process group when the bench exits, however it exits. */
export function stopAllOnExit(): void {
  if (installed) return;
  installed = true;
  process.on("exit", () => {
    for (const child of running) signalGroup(child, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping the bench's processes`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

/** Stops every tracked process group now: SIGTERM to each leader, SIGKILL to each group after a grace period. */
export async function stopAll(): Promise<void> {
  const children = [...running];
  for (const child of children) signalLeader(child, "SIGTERM");
  const deadline = Date.now() + 3000;
  while (running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const child of children) signalGroup(child, "SIGKILL");
}
