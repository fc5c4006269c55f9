import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../scripts/wrangler-cli.ts";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  os: string;
  node: string;
  workerd: string;
  wrangler: string;
  nginx: string | undefined;
  wrk: string | undefined;
  /** 1-minute load average when the run started: other work on the machine skews absolute numbers. */
  loadAverageAtStart: number;
}

function commandOutput(command: string, args: string[]): string | undefined {
  try {
    // nginx -v and wrk -v print to stderr (wrk also exits 1): capture both.
    return execFileSync("sh", ["-c", `"$0" "$@" 2>&1 || true`, command, ...args], { encoding: "utf8" })
      .trim()
      .split("\n")[0];
  } catch {
    return undefined;
  }
}

function osName(): string {
  try {
    const line = readFileSync("/etc/os-release", "utf8")
      .split("\n")
      .find((candidate) => candidate.startsWith("PRETTY_NAME="));
    return line?.slice("PRETTY_NAME=".length).replaceAll('"', "") ?? "unknown";
  } catch {
    return "unknown";
  }
}

function packageVersion(name: string): string {
  try {
    const file = join(projectRoot, "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function machineInfo(tools: { nginx: string | undefined; wrk: string | undefined }): MachineInfo {
  const workerdBinary = join(projectRoot, "node_modules", "workerd", "bin", "workerd");
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    os: osName(),
    node: process.version,
    // `workerd 2026-11-02`, `nginx version: nginx/1.22.1`, `wrk debian/4.1.0-3+b2 [epoll] Copyright …`
    workerd: `${commandOutput(workerdBinary, ["--version"])?.replace(/^workerd\s*/, "") ?? "unknown"} (npm workerd ${packageVersion("workerd")})`,
    wrangler: packageVersion("wrangler"),
    nginx:
      tools.nginx === undefined ? undefined : commandOutput(tools.nginx, ["-v"])?.replace(/^nginx version:\s*/, ""),
    wrk:
      tools.wrk === undefined
        ? undefined
        : commandOutput(tools.wrk, ["-v"])
            ?.split(" Copyright")[0]
            ?.replace(/^wrk\s*/, ""),
    loadAverageAtStart: Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]),
  };
}
