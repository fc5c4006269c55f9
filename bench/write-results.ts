import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../scripts/wrangler-cli.ts";
import type { BenchResult } from "./bench-result.ts";
import { renderMarkdown } from "./render-markdown.ts";
import { renderSvg } from "./render-svg.ts";

const RESULTS_DIR = fileURLToPath(new URL("results", import.meta.url));

/** `npm run lint` checks bench/: keep generated JSON and markdown in biome's layout (aligned tables, short arrays). */
export function formatWithBiome(paths: string[]): void {
  const formatted = spawnSync("npx", ["--no-install", "biome", "format", "--write", ...paths], {
    cwd: projectRoot,
    stdio: "ignore",
  });
  if (formatted.status !== 0) console.log("  (biome could not format the results; `npm run lint` may flag them)");
}

/**
 * Full runs write bench/results/<timestamp>.json and replace latest.json, latest.md and latest.svg (what
 * the README quotes). Quick runs go to bench/results/quick/ (git-ignored), so a development run never
 * replaces the published numbers.
 */
export function writeResults(result: BenchResult): { directory: string; files: string[] } {
  const directory = result.options.quick ? join(RESULTS_DIR, "quick") : RESULTS_DIR;
  mkdirSync(directory, { recursive: true });
  if (result.options.quick) writeFileSync(join(directory, ".gitignore"), "*\n");
  const stamp = result.startedAt.replaceAll(":", "-").replace(/\.\d+Z$/, "Z");
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const files = [
    [`${stamp}.json`, json],
    ["latest.json", json],
    ["latest.md", renderMarkdown(result)],
    ["latest.svg", renderSvg(result)],
  ] as const;
  for (const [name, content] of files) writeFileSync(join(directory, name), content);
  const paths = files.map(([name]) => join(directory, name));
  formatWithBiome(paths.filter((path) => !path.endsWith(".svg")));
  return { directory, files: paths };
}
