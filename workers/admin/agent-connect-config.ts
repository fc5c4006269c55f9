import type { AGENT_HARNESSES } from "../core/db/schema.ts";

type AgentHarness = (typeof AGENT_HARNESSES)[number];

/** The variable every snippet reads the agent's key from; the key itself is never part of a snippet. */
export const AGENT_KEY_ENV = "SWITCHYARD_API_KEY";
const KEY_REFERENCE = `\${${AGENT_KEY_ENV}}`;
/** The provider id the Codex and OpenCode snippets register the gateway under. */
const PROVIDER_ID = "switchyard";

export interface AgentConnectInput {
  agentId: string;
  harness: AgentHarness;
  /** The gateway's root URL, without `/v1` and without a trailing slash. */
  baseUrl: string;
  model: string;
  /** The agent's non-secret environment variables. */
  env: Record<string, string>;
}

export interface AgentConnectConfig {
  agent_id: string;
  harness: AgentHarness;
  base_url: string;
  model: string;
  api_key_env: string;
  /** Variables to set before starting the client; `${SWITCHYARD_API_KEY}` stands for the key. */
  env: Record<string, string>;
  /** The same as `export` lines for a POSIX shell. */
  shell: string;
  files: Array<{ path: string; format: "json" | "toml"; content: string }>;
  notes: string[];
}

/** Harness variables first; the agent's own variables after them, never overriding them. */
function withAgentEnv(harnessEnv: Record<string, string>, agentEnv: Record<string, string>): Record<string, string> {
  const merged = { ...harnessEnv };
  for (const [name, value] of Object.entries(agentEnv)) if (!Object.hasOwn(merged, name)) merged[name] = value;
  return merged;
}

function shellQuote(value: string): string {
  return value === KEY_REFERENCE ? `"${KEY_REFERENCE}"` : `'${value.replaceAll("'", `'\\''`)}'`;
}

function shellExports(env: Record<string, string>): string {
  const lines = [
    `# ${AGENT_KEY_ENV} must hold the agent's key (shown once: when the agent was created or its key rotated).`,
  ];
  for (const [name, value] of Object.entries(env)) lines.push(`export ${name}=${shellQuote(value)}`);
  return `${lines.join("\n")}\n`;
}

/** A TOML basic string: JSON's escapes are TOML's, except that TOML also wants DEL escaped. */
function tomlString(value: string): string {
  return JSON.stringify(value).replaceAll("\u007f", "\\u007F");
}

const jsonFile = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Claude Code speaks Anthropic Messages at the root URL (it appends /v1/messages) and sends the token as Bearer. */
function claudeCode(input: AgentConnectInput): Omit<AgentConnectConfig, "agent_id" | "harness" | "base_url" | "model"> {
  const models = {
    ANTHROPIC_MODEL: input.model,
    // Background calls and the /model aliases go to the same gateway model, not to names it may not serve.
    ANTHROPIC_DEFAULT_HAIKU_MODEL: input.model,
    ANTHROPIC_DEFAULT_SONNET_MODEL: input.model,
    ANTHROPIC_DEFAULT_OPUS_MODEL: input.model,
  };
  const env = withAgentEnv(
    { ANTHROPIC_BASE_URL: input.baseUrl, ANTHROPIC_AUTH_TOKEN: KEY_REFERENCE, ...models },
    input.env,
  );
  const settingsEnv = withAgentEnv({ ANTHROPIC_BASE_URL: input.baseUrl, ...models }, input.env);
  return {
    api_key_env: AGENT_KEY_ENV,
    env,
    shell: shellExports(env),
    files: [
      {
        path: ".claude/settings.json",
        format: "json",
        content: jsonFile({ $schema: "https://json.schemastore.org/claude-code-settings.json", env: settingsEnv }),
      },
    ],
    notes: [
      "settings.json holds no key, so it can be committed; ANTHROPIC_AUTH_TOKEN comes from the shell.",
      "Do not also set ANTHROPIC_API_KEY: Claude Code would send it as x-api-key.",
    ],
  };
}

/** Codex speaks OpenAI Responses at `<base>/v1`; `wire_api = "responses"` is the only value it accepts. */
function codex(input: AgentConnectInput): Omit<AgentConnectConfig, "agent_id" | "harness" | "base_url" | "model"> {
  const lines = [
    `# Switchyard: the agent's key is read from the ${AGENT_KEY_ENV} environment variable.`,
    `model = ${tomlString(input.model)}`,
    `model_provider = ${tomlString(PROVIDER_ID)}`,
    "",
    `[model_providers.${PROVIDER_ID}]`,
    `name = "Switchyard"`,
    `base_url = ${tomlString(`${input.baseUrl}/v1`)}`,
    `env_key = ${tomlString(AGENT_KEY_ENV)}`,
    `wire_api = "responses"`,
  ];
  const agentEnv = Object.entries(input.env);
  if (agentEnv.length > 0) {
    // Codex builds the environment of the commands it runs from this policy.
    lines.push("", "[shell_environment_policy.set]");
    for (const [name, value] of agentEnv) lines.push(`${name} = ${tomlString(value)}`);
  }
  return {
    api_key_env: AGENT_KEY_ENV,
    env: { ...input.env },
    shell: shellExports(input.env),
    files: [{ path: "~/.codex/config.toml", format: "toml", content: `${lines.join("\n")}\n` }],
    notes: ["Put config.toml in $CODEX_HOME (default ~/.codex); Codex reads it at startup."],
  };
}

/** OpenCode drives the gateway's Chat Completions through @ai-sdk/openai-compatible (bundled in OpenCode). */
function openCode(input: AgentConnectInput): Omit<AgentConnectConfig, "agent_id" | "harness" | "base_url" | "model"> {
  const config = {
    $schema: "https://opencode.ai/config.json",
    provider: {
      [PROVIDER_ID]: {
        npm: "@ai-sdk/openai-compatible",
        name: "Switchyard",
        options: { baseURL: `${input.baseUrl}/v1`, apiKey: `{env:${AGENT_KEY_ENV}}` },
        models: { [input.model]: { name: input.model } },
      },
    },
    model: `${PROVIDER_ID}/${input.model}`,
    small_model: `${PROVIDER_ID}/${input.model}`,
  };
  return {
    api_key_env: AGENT_KEY_ENV,
    env: { ...input.env },
    shell: shellExports(input.env),
    files: [{ path: "opencode.json", format: "json", content: jsonFile(config) }],
    notes: ["opencode.json goes in the project directory (or ~/.config/opencode/opencode.json for every project)."],
  };
}

/** Anything else: the variables the OpenAI and Anthropic SDKs read. */
function custom(input: AgentConnectInput): Omit<AgentConnectConfig, "agent_id" | "harness" | "base_url" | "model"> {
  const env = withAgentEnv(
    {
      OPENAI_BASE_URL: `${input.baseUrl}/v1`,
      OPENAI_API_KEY: KEY_REFERENCE,
      ANTHROPIC_BASE_URL: input.baseUrl,
      ANTHROPIC_AUTH_TOKEN: KEY_REFERENCE,
    },
    input.env,
  );
  return {
    api_key_env: AGENT_KEY_ENV,
    env,
    shell: shellExports(env),
    files: [],
    notes: [`Send the key as 'Authorization: Bearer' and use the model '${input.model}'.`],
  };
}

/** Ready-to-use client configuration for an agent; `${SWITCHYARD_API_KEY}` stands wherever the key goes. */
export function agentConnectConfig(input: AgentConnectInput): AgentConnectConfig {
  const common = { agent_id: input.agentId, harness: input.harness, base_url: input.baseUrl, model: input.model };
  switch (input.harness) {
    case "claude-code":
      return { ...common, ...claudeCode(input) };
    case "codex":
      return { ...common, ...codex(input) };
    case "opencode":
      return { ...common, ...openCode(input) };
    case "custom":
      return { ...common, ...custom(input) };
    default: {
      const unreachable: never = input.harness;
      return unreachable;
    }
  }
}
