import { spawn } from "node:child_process";

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Runs a command in its own process group with stdin closed, and kills the whole group
 * (the CLIs spawn shells and helpers) when the hard timeout passes.
 */
export function runWithTimeout(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  let timedOut = false;
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup("SIGTERM");
    setTimeout(() => killGroup("SIGKILL"), 3000).unref();
  }, options.timeoutMs);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      stderr += `${error.message}\n`;
    });
    child.on("exit", (exitCode, signal) => {
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      // Helpers left in the group (shells, language servers) must not outlive the run, nor hold
      // the pipes open; what they already wrote stays readable until "close".
      killGroup("SIGKILL");
      child.on("close", () => resolve({ exitCode, signal, timedOut, stdout, stderr, durationMs }));
    });
  });
}
