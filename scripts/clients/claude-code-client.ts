// Claude Code speaks Anthropic Messages; its model group points at an OpenAI Chat upstream.
import { z } from "zod";
import { CLAUDE_CODE_MODEL, CLIENT_MASTER_KEY } from "./client-gateway-config.ts";
import type { ClientUnderTest } from "./client-under-test.ts";
import { PROOF_PROMPT } from "./proof-prompt.ts";

/** `claude -p --output-format json` prints one result object. */
const resultSchema = z.looseObject({
  type: z.literal("result"),
  is_error: z.boolean(),
  result: z.string().nullish(),
  subtype: z.string().nullish(),
});

export const claudeCodeClient: ClientUnderTest = {
  name: "claude-code",
  binary: "claude",
  upstreamFormat: "openai-chat",
  prepare: ({ gatewayUrl }) => ({
    // As root, --dangerously-skip-permissions is refused (unless IS_SANDBOX=1); allowing just
    // the Bash tool is enough for the round trip and needs no prompt under -p.
    args: ["-p", PROOF_PROMPT, "--output-format", "json", "--allowedTools", "Bash", "--no-session-persistence"],
    env: {
      ANTHROPIC_BASE_URL: gatewayUrl,
      // Sent as `Authorization: Bearer` (ANTHROPIC_API_KEY would be x-api-key and trigger a login check).
      ANTHROPIC_AUTH_TOKEN: CLIENT_MASTER_KEY,
      ANTHROPIC_MODEL: CLAUDE_CODE_MODEL,
      ANTHROPIC_SMALL_FAST_MODEL: CLAUDE_CODE_MODEL,
      ANTHROPIC_DEFAULT_HAIKU_MODEL: CLAUDE_CODE_MODEL,
      ANTHROPIC_DEFAULT_SONNET_MODEL: CLAUDE_CODE_MODEL,
      ANTHROPIC_DEFAULT_OPUS_MODEL: CLAUDE_CODE_MODEL,
      DISABLE_TELEMETRY: "1",
      DISABLE_AUTOUPDATER: "1",
      DISABLE_ERROR_REPORTING: "1",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    },
  }),
  finalAnswer: (result) => {
    const line = result.stdout.trim().split("\n").at(-1) ?? "";
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error("stdout is not the JSON result object");
    }
    const output = resultSchema.safeParse(parsed);
    if (!output.success) throw new Error(`unexpected result object: ${output.error.message}`);
    if (output.data.is_error) throw new Error(`Claude Code reported an error (${output.data.subtype ?? "no subtype"})`);
    return output.data.result ?? "";
  },
};
