// OpenCode speaks OpenAI Chat (@ai-sdk/openai-compatible, bundled in opencode-ai, so nothing
// is fetched); its model group points at an Anthropic Messages upstream.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ANTHROPIC_UPSTREAM_MODEL, CLIENT_MASTER_KEY } from "./client-gateway-config.ts";
import type { ClientUnderTest } from "./client-under-test.ts";
import { PROOF_PROMPT } from "./proof-prompt.ts";

/** `opencode run --format json` prints one event per line; text parts carry the answer. */
const eventSchema = z.looseObject({
  type: z.string(),
  part: z.looseObject({ type: z.string().nullish(), text: z.string().nullish() }).nullish(),
  error: z.unknown().optional(),
});

export const openCodeClient: ClientUnderTest = {
  name: "opencode",
  binary: "opencode",
  upstreamFormat: "anthropic-messages",
  prepare: ({ workDir, gatewayUrl }) => {
    const config = {
      $schema: "https://opencode.ai/config.json",
      provider: {
        switchyard: {
          npm: "@ai-sdk/openai-compatible",
          name: "Switchyard",
          options: { baseURL: `${gatewayUrl}/v1`, apiKey: CLIENT_MASTER_KEY },
          models: { [ANTHROPIC_UPSTREAM_MODEL]: {} },
        },
      },
      model: `switchyard/${ANTHROPIC_UPSTREAM_MODEL}`,
      small_model: `switchyard/${ANTHROPIC_UPSTREAM_MODEL}`,
      permission: { bash: "allow", edit: "allow", external_directory: "allow" },
      autoupdate: false,
      share: "disabled",
    };
    writeFileSync(join(workDir, "opencode.json"), `${JSON.stringify(config, null, 2)}\n`);
    return {
      args: ["run", "--pure", "--format", "json", PROOF_PROMPT],
      env: { OPENCODE_DISABLE_AUTOUPDATE: "1", OPENCODE_DISABLE_MODELS_FETCH: "1" },
    };
  },
  finalAnswer: (result) => {
    const texts: string[] = [];
    for (const line of result.stdout.split("\n")) {
      if (line.trim() === "") continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue; // not an event line
      }
      const event = eventSchema.safeParse(parsed);
      if (!event.success) continue;
      if (event.data.type === "error")
        throw new Error(`OpenCode reported an error: ${JSON.stringify(event.data.error)}`);
      if (event.data.type === "text" && typeof event.data.part?.text === "string") texts.push(event.data.part.text);
    }
    return texts.join("\n");
  },
};
