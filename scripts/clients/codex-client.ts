// Codex speaks OpenAI Responses; its model group points at an Anthropic Messages upstream.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ANTHROPIC_UPSTREAM_MODEL, CLIENT_MASTER_KEY } from "./client-gateway-config.ts";
import type { ClientRunContext, ClientUnderTest } from "./client-under-test.ts";
import { PROOF_PROMPT } from "./proof-prompt.ts";

const codexHome = (context: ClientRunContext) => join(context.homeDir, ".codex");
const lastMessageFile = (context: ClientRunContext) => join(context.homeDir, "codex-last-message.txt");

export const codexClient: ClientUnderTest = {
  name: "codex",
  binary: "codex",
  upstreamFormat: "anthropic-messages",
  prepare: (context) => {
    mkdirSync(codexHome(context), { recursive: true });
    // `wire_api = "responses"` is the only value Codex 0.169 accepts for a custom provider.
    writeFileSync(
      join(codexHome(context), "config.toml"),
      `model = "${ANTHROPIC_UPSTREAM_MODEL}"
model_provider = "switchyard"

[model_providers.switchyard]
name = "Switchyard"
base_url = "${context.gatewayUrl}/v1"
env_key = "SWITCHYARD_API_KEY"
wire_api = "responses"
`,
    );
    return {
      args: [
        "exec",
        "--skip-git-repo-check",
        // No approval prompts and no Landlock/seccomp sandbox: exec_command must really run.
        "--dangerously-bypass-approvals-and-sandbox",
        "--ephemeral",
        "--color",
        "never",
        "--output-last-message",
        lastMessageFile(context),
        PROOF_PROMPT,
      ],
      env: { CODEX_HOME: codexHome(context), SWITCHYARD_API_KEY: CLIENT_MASTER_KEY },
    };
  },
  finalAnswer: (_result, context) => {
    const file = lastMessageFile(context);
    if (!existsSync(file)) throw new Error("Codex wrote no last message (--output-last-message)");
    return readFileSync(file, "utf8");
  },
};
