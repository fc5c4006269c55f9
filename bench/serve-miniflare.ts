// node bench/serve-miniflare.ts <options.json>
// Serves a bundled worker on workerd through Miniflare, on a direct socket: requests go straight to the
// worker's own workerd socket, not through Miniflare's entry worker or a Node proxy (`wrangler dev` adds
// ~4 ms and five processes). Miniflare is here only for what raw workerd lacks locally: D1, Queues and the
// SQLite Durable Objects, all persisted to disk as in production. Runs as its own process so the harness
// can count its CPU and memory; prints `ready` once seeded.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { z } from "zod";

const optionsSchema = z.object({
  name: z.string().min(1),
  bundleDirectory: z.string().min(1),
  mainModule: z.string().min(1),
  /** Bindings, vars and compatibility settings come from this wrangler config when given. */
  wranglerConfig: z.string().optional(),
  compatibilityDate: z.string(),
  port: z.int().positive(),
  persistDirectory: z.string().min(1),
  /** Opens workerd's V8 inspector here (BENCH_PROFILE only: a debugger attached changes what is measured). */
  inspectorPort: z.int().positive().optional(),
  /** SQL statements applied to the D1 binding `DB` in one batch before `ready`. */
  seedStatements: z.array(z.string()).default([]),
  /** Vars set over the wrangler config's (the bench's mocks listen on loopback, which production refuses). */
  vars: z.record(z.string(), z.string()).default({}),
});

const optionsFile = process.argv[2];
if (optionsFile === undefined) {
  console.error("usage: node bench/serve-miniflare.ts <options.json>");
  process.exit(2);
}
const options = optionsSchema.parse(JSON.parse(readFileSync(optionsFile, "utf8")));

function workerOptionsFromConfig(): Record<string, unknown> {
  if (options.wranglerConfig === undefined) return { compatibilityDate: options.compatibilityDate };
  // The bundle is one ES module, so wrangler's module rules (which v5 options cannot express) are not needed.
  const { modulesRules: _unused, ...fromConfig } = unstable_getMiniflareWorkerOptions(
    options.wranglerConfig,
  ).workerOptions;
  const bindings = (fromConfig as { bindings?: Record<string, unknown> }).bindings;
  return { ...fromConfig, bindings: { ...bindings, ...options.vars } };
}

const miniflare = new Miniflare(
  convertV4MiniflareOptions({
    ...workerOptionsFromConfig(),
    name: options.name,
    modules: true,
    scriptPath: `${options.bundleDirectory}/${options.mainModule}`,
    modulesRoot: options.bundleDirectory,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: options.port }],
    resourcePersistencePath: options.persistDirectory,
    ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
    logRequests: false,
    telemetry: { enabled: false },
  } as Parameters<typeof convertV4MiniflareOptions>[0]),
);

await miniflare.ready;
if (options.seedStatements.length > 0) {
  const database = await miniflare.getD1Database("DB");
  await database.batch(options.seedStatements.map((statement) => database.prepare(statement)));
}
console.log(`ready ${options.port}`);

const shutdown = () => {
  void miniflare.dispose().finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
// The harness holds our stdin open: if it dies without stopping us, stop anyway.
createInterface({ input: process.stdin }).on("close", shutdown);
