import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { GatewayConfig } from "../core/config/gateway-config.ts";
import { litellmConfigSchema } from "../core/config/litellm-config-schema.ts";
import { resolveGatewayConfig } from "../core/config/resolve-gateway-config.ts";
import { configVersions } from "../core/db/schema.ts";
import { GatewayError } from "../core/errors/gateway-error.ts";

const DEFAULT_REFRESH_MS = 2000;

/**
 * The active config, cached in the isolate. The hot path never waits on D1
 * except for the very first request of a cold isolate: after that a stale
 * entry is served while one background query (`ctx.waitUntil`) checks whether
 * a newer version was activated, so a new config is picked up within
 * CONFIG_REFRESH_MS without a redeploy.
 */
export class ConfigCache {
  private current: GatewayConfig | undefined;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  async get(env: Env, waitUntil: (promise: Promise<unknown>) => void): Promise<GatewayConfig> {
    const now = Date.now();
    if (this.current === undefined) {
      await this.refresh(env).catch((error: unknown) => {
        throw new GatewayError("config_unavailable", "The gateway could not load its config; try again shortly.", {
          cause: error,
          isRetryable: true,
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
    this.checkedAt = 0;
  }

  private async refresh(env: Env): Promise<void> {
    const db = drizzle(env.DB);
    const active = await db
      .select({ version: configVersions.version })
      .from(configVersions)
      .where(eq(configVersions.isActive, true))
      .get();
    this.checkedAt = Date.now();
    if (active === undefined || active.version === this.current?.version) return;
    const row = await db
      .select({ configJson: configVersions.configJson })
      .from(configVersions)
      .where(eq(configVersions.version, active.version))
      .get();
    if (row === undefined) return;
    const parsed = litellmConfigSchema.parse(JSON.parse(row.configJson));
    this.current = resolveGatewayConfig(parsed, active.version, env);
  }
}

export const gatewayConfigCache = new ConfigCache();
