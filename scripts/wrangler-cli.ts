import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));
/** Local D1/DO/Queue state shared by both workers and by these scripts. */
export const localStatePath = ".wrangler/state";
export const DATABASE_NAME = "switchyard";

/** Runs the project's pinned wrangler; exits the script if it fails. */
export function runWrangler(args: string[], options: { quiet?: boolean } = {}): string {
  const result = spawnSync("npx", ["--no-install", "wrangler", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    stdio: options.quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (result.status !== 0) {
    if (options.quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`wrangler ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
  return result.stdout ?? "";
}
