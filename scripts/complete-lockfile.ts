// npm run lockfile:complete — after changing dependencies on this machine.
//
// The registry mirror reachable here carries only Linux builds of platform
// packages (biome's and workerd's optional binaries), so `npm install` leaves
// their entries out of package-lock.json and `npm ci` then refuses the lock as
// out of sync. This adds the entries a lockfile made against the public registry
// would have — optional, with os/cpu/libc constraints — which npm skips on
// platforms that do not match, so nothing is ever downloaded for them.
import { readFileSync, writeFileSync } from "node:fs";

interface LockPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8")) as { packages: Record<string, LockPackage> };

function platformOf(name: string): Pick<LockPackage, "os" | "cpu" | "libc"> {
  const os = ["darwin", "win32", "windows", "android", "linux", "freebsd"].find((candidate) =>
    name.includes(`-${candidate}`),
  );
  const cpu = ["arm64", "x64", "64"].find((candidate) => name.includes(`-${candidate}`));
  return {
    os: [os === "windows" ? "win32" : (os ?? "unknown")],
    cpu: [cpu === "64" ? "x64" : (cpu ?? "unknown")],
    ...(name.endsWith("-musl") ? { libc: ["musl"] } : {}),
  };
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `${path === "" ? "" : `${path}/`}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[key] !== undefined || lock.packages[hoisted] !== undefined) continue;
    lock.packages[hoisted] = {
      version: spec,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platformOf(name),
    };
    added++;
  }
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform-specific optional entries to package-lock.json`);
