import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { BenchOptions } from "./bench-options.ts";
import type { HttpTarget } from "./bench-setups.ts";
import { type LoadResult, runWrk } from "./run-wrk.ts";

export interface EnforcementProbe {
  /** True when a key with rpm_limit 1 is refused on its second request: the gateway calls BudgetCounter. */
  enforced: boolean;
  statuses: number[];
}

export interface HotKeyResult {
  load: LoadResult;
  /** Counted in the key's BudgetCounter storage after the run, not inferred from the request count. */
  reserves: number | undefined;
  settles: number | undefined;
  operationsPerSecond: number | undefined;
  countError?: string;
}

/** Two requests on a key with rpm_limit 1. */
export async function probeEnforcement(target: HttpTarget): Promise<EnforcementProbe> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await fetch(target.url, { method: "POST", headers: target.headers, body: target.body });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return { enforced: statuses[0] === 200 && statuses[1] === 429, statuses };
}

interface OperationCount {
  reserves: number;
  settles: number;
  objects: number;
}

/**
 * Reads every BudgetCounter's SQLite file (Miniflare persists each object as <id>.sqlite) after the run:
 * rate_events has one row per reserve, settlements one per settle (durable-objects/budget-counter.ts).
 * Only rows since `since` count, so the other keys' earlier traffic does not.
 */
function countBudgetOperations(persistDirectory: string, scriptName: string, since: number): OperationCount {
  const directory = join(persistDirectory, "do", `${scriptName}-BudgetCounter`);
  const files = existsSync(directory)
    ? readdirSync(directory).filter((file) => file.endsWith(".sqlite") && file !== "metadata.sqlite")
    : [];
  const count = { reserves: 0, settles: 0, objects: 0 };
  for (const file of files) {
    const database = new DatabaseSync(join(directory, file), { readOnly: true });
    try {
      const number = (sql: string) => Number((database.prepare(sql).get(since) as { n?: unknown } | undefined)?.n ?? 0);
      const reserves = number("SELECT coalesce(sum(requests), 0) AS n FROM rate_events WHERE at >= ?");
      const settles = number("SELECT count(*) AS n FROM settlements WHERE settled_at >= ?");
      count.reserves += reserves;
      count.settles += settles;
      if (reserves + settles > 0) count.objects++;
    } finally {
      database.close();
    }
  }
  return count;
}

/**
 * Many concurrent requests on one key with limits: every request is one reserve and one settle on the
 * same Durable Object, the single writer for that key. Counts both from the object's own tables
 * (rate_events: one row per reserve; settlements: one per settle; see durable-objects/budget-counter.ts).
 */
export async function measureHotKey(
  target: HttpTarget,
  context: {
    options: BenchOptions;
    wrk: string;
    workDir: string;
    cpuRoots: number[];
    persistDirectory: string;
    scriptName: string;
  },
): Promise<HotKeyResult> {
  const since = Date.now();
  const load = await runWrk(target, {
    wrk: context.wrk,
    connections: context.options.hotKeyConnections,
    durationS: context.options.hotKeyS,
    workDir: context.workDir,
    label: "hot-key",
    cpuRoots: context.cpuRoots,
  });
  // Settles run after the response (waitUntil): give the last ones a moment.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  try {
    const { reserves, settles, objects } = countBudgetOperations(context.persistDirectory, context.scriptName, since);
    if (objects > 1)
      throw new Error(`${objects} BudgetCounter objects were written during the hot-key run, expected 1`);
    return { load, reserves, settles, operationsPerSecond: (reserves + settles) / load.durationS };
  } catch (error) {
    return {
      load,
      reserves: undefined,
      settles: undefined,
      operationsPerSecond: undefined,
      countError: String(error).split("\n")[0],
    };
  }
}
