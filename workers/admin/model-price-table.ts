import { desc, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { modelPrices, priceTableVersions } from "../core/db/schema.ts";
import type { ModelPrice } from "../core/pricing/model-price.ts";
import { modelPriceSchema } from "../core/pricing/model-price-schema.ts";

/**
 * Rows go in as JSON objects expanded by SQLite's json_each: D1 binds at most
 * 100 parameters per statement (20 rows of 5 columns), which would take ~125
 * statements for LiteLLM's ~2,500 priced models; a few hundred-KB JSON
 * parameters (D1 allows 1 MB per value) take six.
 */
const MAX_CHUNK_CHARS = 256 * 1024;

function chunkPrices(prices: ReadonlyMap<string, ModelPrice>): string[] {
  const chunks: string[] = [];
  let current: Record<string, ModelPrice> = {};
  let size = 0;
  for (const [model, price] of prices) {
    const entrySize = model.length + JSON.stringify(price).length + 8;
    if (size > 0 && size + entrySize > MAX_CHUNK_CHARS) {
      chunks.push(JSON.stringify(current));
      current = {};
      size = 0;
    }
    current[model] = price;
    size += entrySize;
  }
  if (size > 0) chunks.push(JSON.stringify(current));
  return chunks;
}

export interface PriceTableReplacement {
  prices: ReadonlyMap<string, ModelPrice>;
  skippedCount: number;
  /** What was imported, e.g. the file name or `admin-api`. */
  source: string;
  importedBy: string;
}

/**
 * Replaces every imported price and records a new table version, in one D1
 * batch (a transaction): gateways see either the old table or the new one,
 * and notice the new version on their next config check. An empty `prices`
 * clears the import, so the built-in table applies again.
 */
export async function replaceModelPrices(database: D1Database, replacement: PriceTableReplacement): Promise<number> {
  const db = drizzle(database);
  const importedAt = Date.now();
  // INSERT … SELECT names every column in schema order: model, price_json, source, imported_at, imported_by.
  const inserts = chunkPrices(replacement.prices).map((chunk) =>
    db
      .insert(modelPrices)
      .select(
        sql`SELECT key, value, ${replacement.source}, ${importedAt}, ${replacement.importedBy} FROM json_each(${chunk})`,
      ),
  );
  // One transaction: the version row may go in first, nobody sees it before the rows.
  const [, versionRows] = await db.batch([
    db.delete(modelPrices),
    db
      .insert(priceTableVersions)
      .values({
        source: replacement.source,
        modelCount: replacement.prices.size,
        skippedCount: replacement.skippedCount,
        importedBy: replacement.importedBy,
        importedAt,
      })
      .returning({ version: priceTableVersions.version }),
    ...inserts,
  ]);
  const version = versionRows[0]?.version;
  if (version === undefined) throw new Error("price table version insert returned no version");
  return version;
}

/** The latest import (or clear), undefined when prices were never imported. */
export async function latestPriceTableVersion(database: D1Database) {
  return drizzle(database).select().from(priceTableVersions).orderBy(desc(priceTableVersions.version)).get();
}

export interface ImportedPriceRow {
  model: string;
  price: ModelPrice;
  source: string;
  importedAt: number;
  importedBy: string;
}

/** The imported rows stored under any of `keys`; a row that does not parse is left out. */
export async function findImportedPrices(database: D1Database, keys: readonly string[]): Promise<ImportedPriceRow[]> {
  const rows = await drizzle(database)
    .select()
    .from(modelPrices)
    .where(inArray(modelPrices.model, [...keys]));
  return rows.flatMap((row) => {
    const parsed = modelPriceSchema.safeParse(row.priceJson);
    if (!parsed.success) return [];
    return [
      {
        model: row.model,
        price: parsed.data,
        source: row.source,
        importedAt: row.importedAt,
        importedBy: row.importedBy,
      },
    ];
  });
}
