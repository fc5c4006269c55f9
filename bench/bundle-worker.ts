import { spawn } from "node:child_process";
import { createWriteStream, readdirSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../scripts/wrangler-cli.ts";

export interface WorkerBundle {
  directory: string;
  /** The entry module's file name inside `directory`. */
  mainModule: string;
}

/**
 * Builds a worker exactly as `wrangler deploy` would upload it (`--dry-run --outdir`): same esbuild
 * settings, same single-file bundle. Asynchronous, so two bundles build side by side.
 */
export async function bundleWorker(configPath: string, outDirectory: string, logFile: string): Promise<WorkerBundle> {
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(
    "npx",
    ["--no-install", "wrangler", "deploy", "--dry-run", "--outdir", outDirectory, "-c", configPath],
    {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  log.end();
  if (status !== 0) throw new Error(`wrangler deploy --dry-run -c ${configPath} failed (see ${logFile})`);
  const mainModule = readdirSync(outDirectory).find((file) => file.endsWith(".js"));
  if (mainModule === undefined) throw new Error(`no bundle in ${outDirectory}`);
  return { directory: outDirectory, mainModule };
}

/** The pass-through worker needs a config of its own: no bindings, the gateway's compatibility date. */
export function passthroughWranglerConfig(compatibilityDate: string): string {
  return `name = "bench-passthrough"
main = "${join(projectRoot, "bench", "passthrough-worker.ts")}"
compatibility_date = "${compatibilityDate}"
`;
}
