import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../scripts/clients/free-port.ts";
import type { WorkerBundle } from "./bundle-worker.ts";
import { spawnTracked, type TrackedProcess } from "./process-group.ts";

export interface MiniflareWorkerOptions {
  name: string;
  bundle: WorkerBundle;
  wranglerConfig?: string;
  compatibilityDate: string;
  seedStatements?: string[];
  inspectorPort?: number;
  /** Vars set over the wrangler config's. */
  vars?: Record<string, string>;
}

export interface RunningWorker {
  url: string;
  process: TrackedProcess;
  /** Miniflare's on-disk state: D1 and Durable Object SQLite files. */
  persistDirectory: string;
}

const READY_TIMEOUT_MS = 60_000;

/** Starts bench/serve-miniflare.ts for one bundle and waits until it is seeded and listening. */
export async function startMiniflareWorker(options: MiniflareWorkerOptions, workDir: string): Promise<RunningWorker> {
  const port = await freePort();
  const optionsFile = join(workDir, `${options.name}.options.json`);
  const persistDirectory = join(workDir, `${options.name}-state`);
  writeFileSync(
    optionsFile,
    JSON.stringify({
      name: options.name,
      bundleDirectory: options.bundle.directory,
      mainModule: options.bundle.mainModule,
      wranglerConfig: options.wranglerConfig,
      compatibilityDate: options.compatibilityDate,
      port,
      persistDirectory,
      seedStatements: options.seedStatements ?? [],
      inspectorPort: options.inspectorPort,
      vars: options.vars ?? {},
    }),
  );
  const script = fileURLToPath(new URL("serve-miniflare.ts", import.meta.url));
  const tracked = spawnTracked(process.execPath, [script, optionsFile], {
    logFile: join(workDir, `${options.name}.log`),
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  await tracked.waitForLine(/^ready \d+/, READY_TIMEOUT_MS);

  return { url: `http://127.0.0.1:${port}`, process: tracked, persistDirectory };
}
