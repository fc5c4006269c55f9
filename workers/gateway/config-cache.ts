import { eq, max } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type { GatewayConfig } from "../core/config/gateway-config.ts";
import { configVersions, modelPrices, priceTableVersions } from "../core/db/schema.ts";
import { GatewayError } from "../core/errors/gateway-error.ts";
import { priceTableFromRows } from "../core/pricing/price-table-from-rows.ts";
import { BUILTIN_PRICE_LOOKUP, type PriceTableLookup } from "../core/pricing/price-table-lookup.ts";
import { loadConfigVersion } from "./load-config-version.ts";

const DEFAULT_REFRESH_MS = 2000;

/**
 * The active config, cached in the isolate. The hot path never waits on D1
 * except for the very first request of a cold isolate: after that a stale
 * entry is served while one background query (`ctx.waitUntil`) checks whether
 * a newer version was activated, so a new config is picked up within
 * CONFIG_REFRESH_MS without a redeploy.
 *
 * Imported model prices (POST /model_prices/import) ride along: the same
 * background query reads the price table's version, and only when it moved
 * are the prices reloaded and the config re-resolved against them. A cold
 * isolate reads config and prices in one D1 batch, so pricing adds no D1
 * access to any request.
 */
export class ConfigCache {
  private current: GatewayConfig | undefined;
  /** The price tables `current` was resolved against; survives a config change. */
  private prices: PriceTableLookup = BUILTIN_PRICE_LOOKUP;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  async get(env: Env, waitUntil: (promise: Promise<unknown>) => void): Promise<GatewayConfig> {
    const now = Date.now();
    if (this.current === undefined) {
      await this.refresh(env).catch((error: unknown) => {
        throw new GatewayError("config_unavailable", "The gateway could not load its config; try again shortly.", {
          cause: error,
          isRetryable: true,
          retryAfterSeconds: 1,
        });
      });
      if (this.current === undefined) {
        throw new GatewayError(
          "config_unavailable",
          "No active config. Import one with `npm run config:import <file>`.",
        );
      }
      return this.current;
    }
    const refreshMs = Number(env.CONFIG_REFRESH_MS ?? DEFAULT_REFRESH_MS);
    if (now - this.checkedAt >= refreshMs && this.refreshing === undefined) {
      this.refreshing = this.refresh(env)
        .catch((error: unknown) => console.error("config refresh failed; serving cached version", error))
        .finally(() => {
          this.refreshing = undefined;
        });
      waitUntil(this.refreshing);
    }
    return this.current;
  }

  /** Drops the cached config; the next request loads the active version. */
  clear(): void {
    this.current = undefined;
    this.prices = BUILTIN_PRICE_LOOKUP;
    this.checkedAt = 0;
  }

  private async refresh(env: Env): Promise<void> {
    const db = drizzle(env.DB);
    if (this.current === undefined) return this.loadConfigAndPrices(db, env);
    const [active, latestPrices] = await db.batch([activeVersionQuery(db), priceVersionQuery(db)]);
    this.checkedAt = Date.now();
    if ((latestPrices[0]?.version ?? 0) !== this.prices.version) return this.loadConfigAndPrices(db, env);
    const version = active[0]?.version;
    if (version === undefined || version === this.current.version) return;
    const row = await db
      .select({ configJson: configVersions.configJson })
      .from(configVersions)
      .where(eq(configVersions.version, version))
      .get();
    if (row === undefined) return;
    this.current = await loadConfigVersion(row.configJson, version, env, this.prices);
  }

  /** The active config and the imported prices in one batch (one transaction, so they are read together). */
  private async loadConfigAndPrices(db: DrizzleD1Database, env: Env): Promise<void> {
    const [active, latestPrices, priceRows] = await db.batch([
      db
        .select({ version: configVersions.version, configJson: configVersions.configJson })
        .from(configVersions)
        .where(eq(configVersions.isActive, true))
        .limit(1),
      priceVersionQuery(db),
      db.select({ model: modelPrices.model, priceJson: modelPrices.priceJson }).from(modelPrices),
    ]);
    this.checkedAt = Date.now();
    const { lookup, invalid } = priceTableFromRows(priceRows, latestPrices[0]?.version ?? 0);
    if (invalid.length > 0)
      console.warn(`ignored ${invalid.length} unreadable model_prices rows`, invalid.slice(0, 10));
    const row = active[0];
    // Prices and config are swapped in together: if the config fails to parse, the next check retries both.
    this.current = row === undefined ? this.current : await loadConfigVersion(row.configJson, row.version, env, lookup);
    this.prices = lookup;
  }
}

function activeVersionQuery(db: DrizzleD1Database) {
  return db
    .select({ version: configVersions.version })
    .from(configVersions)
    .where(eq(configVersions.isActive, true))
    .limit(1);
}

/** `max(version)` over price_table_versions: one index lookup; null (→ 0) until the first import. */
function priceVersionQuery(db: DrizzleD1Database) {
  return db.select({ version: max(priceTableVersions.version) }).from(priceTableVersions);
}

export const gatewayConfigCache = new ConfigCache();
