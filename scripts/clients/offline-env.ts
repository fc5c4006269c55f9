import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

/** A loopback port nothing listens on (discard): anything sent there fails at once. */
const DEAD_LOOPBACK = "http://127.0.0.1:9";

/**
 * A clean environment (nothing inherited but PATH and locale) that keeps a client on loopback:
 * a private HOME/XDG tree, and every proxy variable pointing at a dead port with loopback
 * exempted, so any request beyond 127.0.0.1 fails instead of reaching the internet.
 */
export function offlineEnv(homeDir: string): Record<string, string> {
  const xdg = {
    XDG_CONFIG_HOME: join(homeDir, ".config"),
    XDG_DATA_HOME: join(homeDir, ".local", "share"),
    XDG_CACHE_HOME: join(homeDir, ".cache"),
    XDG_STATE_HOME: join(homeDir, ".local", "state"),
  };
  for (const directory of Object.values(xdg)) mkdirSync(directory, { recursive: true });
  return {
    // The Node running this script first: the npm-installed CLIs start through `node` shims.
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    LANG: process.env.LANG ?? "C.UTF-8",
    TERM: "dumb",
    NO_COLOR: "1",
    HOME: homeDir,
    ...xdg,
    HTTP_PROXY: DEAD_LOOPBACK,
    HTTPS_PROXY: DEAD_LOOPBACK,
    ALL_PROXY: DEAD_LOOPBACK,
    http_proxy: DEAD_LOOPBACK,
    https_proxy: DEAD_LOOPBACK,
    all_proxy: DEAD_LOOPBACK,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    npm_config_registry: `${DEAD_LOOPBACK}/`,
  };
}
