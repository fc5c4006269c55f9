// Builds dashboard/ into dashboard/dist (what `wrangler pages dev` and `wrangler pages deploy` serve).
import { spawnSync } from "node:child_process";
import { projectRoot } from "../wrangler-cli.ts";

export function buildDashboard(): void {
  const result = spawnSync("npx", ["--no-install", "vite", "build", "dashboard", "--logLevel", "warn"], {
    cwd: projectRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) throw new Error(`the dashboard build failed:\n${result.stdout}${result.stderr}`);
}
