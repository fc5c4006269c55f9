import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";

export type ScriptedUpstreamKind = "openai-chat" | "openai-responses" | "anthropic-messages";

/** Where each scripted upstream lives; mockUpstreams answers by these origins. */
export const UPSTREAM_ORIGINS = {
  "openai-chat": "https://chat.upstream.test",
  "openai-responses": "https://responses.upstream.test",
  "anthropic-messages": "https://anthropic.upstream.test",
} as const satisfies Record<ScriptedUpstreamKind, string>;

/** The model name each deployment sends upstream (and the scripted upstream echoes back). */
export const UPSTREAM_MODELS = {
  "openai-chat": "qwen3-coder-30b",
  "openai-responses": "gpt-5.1-codex",
  "anthropic-messages": "claude-sonnet-4-5",
} as const satisfies Record<ScriptedUpstreamKind, string>;

/** The inside of one model_list entry (LiteLLM config shape), without its model_name. */
function deploymentParams(kind: ScriptedUpstreamKind): string {
  const model = UPSTREAM_MODELS[kind];
  const origin = UPSTREAM_ORIGINS[kind];
  switch (kind) {
    case "openai-chat":
      return `litellm_params: { model: hosted_vllm/${model}, api_base: "${origin}/v1", api_key: sk-up-chat }`;
    case "openai-responses":
      return `litellm_params: { model: openai/${model}, api_base: "${origin}/v1", api_key: sk-up-resp }, model_info: { mode: responses }`;
    case "anthropic-messages":
      return `litellm_params: { model: anthropic/${model}, api_base: "${origin}", api_key: sk-ant-up }`;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/**
 * One model group per entry. The SDK tests use `same` (an upstream speaking
 * the client's format: the fast path) and `cross` (another format: translation).
 */
export async function activateSdkGatewayConfig(groups: Record<string, ScriptedUpstreamKind>): Promise<void> {
  const entries = Object.entries(groups).map(
    ([group, kind]) => `  - { model_name: ${group}, ${deploymentParams(kind)} }`,
  );
  await activateConfig(`
model_list:
${entries.join("\n")}
general_settings: { master_key: ${TEST_MASTER_KEY} }
litellm_settings: { drop_params: true }
`);
}
