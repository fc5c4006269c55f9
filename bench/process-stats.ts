import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
export const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface StatFields {
  ppid: number;
  ticks: number;
}

/** Fields after the command name, which may itself contain spaces and parentheses. */
function readStat(pid: number): StatFields | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** The process and all its descendants (Miniflare's host and its workerd, say). */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat === undefined) continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(pid);
    children.set(stat.ppid, siblings);
  }
  const tree: number[] = [];
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop();
    if (pid === undefined) break;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** User + system CPU ticks of every process in the trees rooted at `rootPids`, by command name. */
export function cpuTicks(rootPids: number[]): Map<string, number> {
  const byCommand = new Map<string, number>();
  for (const root of rootPids) {
    for (const pid of processTree(root)) {
      const command = commandOf(pid);
      byCommand.set(command, (byCommand.get(command) ?? 0) + (readStat(pid)?.ticks ?? 0));
    }
  }
  return byCommand;
}

export function ticksToMicroseconds(ticks: number): number {
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

function statusField(pid: number, field: string): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((candidate) => candidate.startsWith(`${field}:`));
    return line === undefined ? undefined : Number(line.replace(/[^0-9]/g, ""));
  } catch {
    return undefined;
  }
}

export interface ProcessMemory {
  pid: number;
  command: string;
  /** Peak resident set size since the process started (VmHWM), MiB. */
  peakRssMb: number;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
}

export function processMemory(rootPids: number[]): ProcessMemory[] {
  return rootPids.flatMap((root) =>
    processTree(root).map((pid) => ({
      pid,
      command: commandOf(pid),
      peakRssMb: (statusField(pid, "VmHWM") ?? 0) / 1024,
    })),
  );
}
