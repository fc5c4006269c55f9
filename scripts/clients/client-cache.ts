// The three agent CLIs live outside the repo (about 1.1 GB, so never in package.json):
// installed once into a cache folder and reused.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Overrides where the CLIs are installed (default ~/.cache/switchyard-clients). */
export const CLIENTS_DIR_VARIABLE = "SWITCHYARD_CLIENTS_DIR";

export type ClientBinary = "claude" | "codex" | "opencode";

/** The versions /work/shared/CLIENTS.md was observed with; a new version is a deliberate bump. */
const CLIENT_PACKAGES = ["@anthropic-ai/claude-code@2.1.330", "@openai/codex@0.169.0", "opencode-ai@1.18.33"];
const BINARIES: ClientBinary[] = ["claude", "codex", "opencode"];

export function clientsDir(): string {
  return process.env[CLIENTS_DIR_VARIABLE] ?? join(homedir(), ".cache", "switchyard-clients");
}

export function clientBinaryPath(binary: ClientBinary): string {
  return join(clientsDir(), "node_modules", ".bin", binary);
}

/** Installs the CLIs with npm when any is missing; throws with npm's output if that fails. */
export function ensureClientsInstalled(): void {
  const missing = BINARIES.filter((binary) => !existsSync(clientBinaryPath(binary)));
  if (missing.length === 0) return;
  const directory = clientsDir();
  console.log(`• installing ${CLIENT_PACKAGES.join(", ")} into ${directory} (missing: ${missing.join(", ")})`);
  mkdirSync(directory, { recursive: true });
  const manifest = join(directory, "package.json");
  if (!existsSync(manifest)) writeFileSync(manifest, '{"private":true}\n');
  const result = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", ...CLIENT_PACKAGES], {
    cwd: directory,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) throw new Error(`npm install of the client CLIs failed:\n${result.stdout}${result.stderr}`);
  const stillMissing = BINARIES.filter((binary) => !existsSync(clientBinaryPath(binary)));
  if (stillMissing.length > 0) throw new Error(`after npm install, still missing: ${stillMissing.join(", ")}`);
}
