import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export interface DebianTools {
  /** Absolute paths, or undefined when the tool is missing and could not be installed. */
  nginx: string | undefined;
  wrk: string | undefined;
}

const PACKAGES = { nginx: "nginx", wrk: "wrk" } as const;

function findExecutable(name: string): string | undefined {
  const directories = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/bin", "/usr/local/sbin"];
  for (const directory of directories) {
    if (directory === "") continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function aptGet(args: string[]): boolean {
  console.log(`• apt-get ${args.join(" ")}`);
  const result = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

/**
 * nginx (the fast mock) and wrk (the load generator) come from Debian. When one is missing and apt-get can
 * run (root on a Debian-like system), install it and say so; otherwise report it missing and let the caller
 * fall back (the Node mock) or stop with a clear message (no wrk).
 */
export function ensureDebianTools(): DebianTools {
  const found: DebianTools = { nginx: findExecutable("nginx"), wrk: findExecutable("wrk") };
  const missing = (Object.keys(PACKAGES) as (keyof typeof PACKAGES)[]).filter((tool) => found[tool] === undefined);
  if (missing.length === 0) return found;
  const canInstall = findExecutable("apt-get") !== undefined && process.getuid?.() === 0;
  if (!canInstall) {
    console.log(`• missing ${missing.join(", ")} and apt-get is not usable here (needs root on Debian/Ubuntu)`);
    return found;
  }
  const packages = missing.map((tool) => PACKAGES[tool]);
  const installArgs = ["install", "-y", "--no-install-recommends", ...packages];
  // A fresh container has no package lists yet: update once and retry.
  if (!aptGet(installArgs)) {
    aptGet(["update"]);
    aptGet(installArgs);
  }
  return { nginx: findExecutable("nginx"), wrk: findExecutable("wrk") };
}
