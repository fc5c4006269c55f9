import type { ResponseCacheSettings } from "../../core/config/gateway-config.ts";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import type { RequestCacheControls } from "./request-cache-controls.ts";

/** What the cache does for one request. */
export type CachePolicy =
  | { kind: "bypass" }
  | {
      kind: "active";
      /** False under `no-cache`: the answer comes from upstream but may still be stored. */
      lookup: boolean;
      /** False under `no-store`. */
      store: boolean;
      ttlSeconds: number;
      /** An entry older than this is not served (`s-maxage`, `Cache-Control: max-age`). */
      maxAgeSeconds: number | undefined;
      namespace: string | undefined;
    };

const BYPASS: CachePolicy = { kind: "bypass" };

function optedIn(settings: ResponseCacheSettings, controls: RequestCacheControls): boolean {
  if (controls.useCache !== undefined) return controls.useCache;
  switch (settings.mode) {
    case "default_on":
      return true;
    case "default_off":
      return controls.asked;
    default: {
      const unreachable: never = settings.mode;
      return unreachable;
    }
  }
}

/**
 * The config decides whether there is a cache and which APIs it covers; the
 * request decides, within that, whether it takes part (`use-cache`, or any
 * `cache: {...}` under `default_off`), and whether it reads, writes, or both.
 */
export function resolveCachePolicy(
  settings: ResponseCacheSettings,
  format: ApiFormat,
  controls: RequestCacheControls,
): CachePolicy {
  if (!settings.enabled || !settings.formats.includes(format) || !optedIn(settings, controls)) return BYPASS;
  if (controls.noCache && controls.noStore) return BYPASS;
  return {
    kind: "active",
    lookup: !controls.noCache,
    store: !controls.noStore,
    ttlSeconds: controls.ttlSeconds ?? settings.ttlSeconds,
    maxAgeSeconds: controls.maxAgeSeconds,
    namespace: controls.namespace ?? settings.namespace,
  };
}
