import { spawnSync } from "node:child_process";
import { projectRoot } from "../wrangler-cli.ts";

/** Runs the project's pinned wrangler quietly; throws with its output on failure (so callers can clean up). */
export function runWranglerChecked(args: string[]): string {
  const result = spawnSync("npx", ["--no-install", "wrangler", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(" ")} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}
