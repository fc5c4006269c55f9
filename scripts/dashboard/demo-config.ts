// The screenshot stack's LiteLLM config: several providers, all answered by the demo upstream. Its key is
// a worker var (DEMO_UPSTREAM_KEY), referenced as os.environ/, never a literal in the config.

interface DemoModel {
  name: string;
  model: string;
  inputPerToken: number;
  outputPerToken: number;
}

/** List prices per token (USD), as LiteLLM's cost map has them. */
const MODELS: DemoModel[] = [
  { name: "gpt-4o", model: "openai/gpt-4o", inputPerToken: 0.0000025, outputPerToken: 0.00001 },
  { name: "gpt-4o-mini", model: "openai/gpt-4o-mini", inputPerToken: 0.00000015, outputPerToken: 0.0000006 },
  { name: "claude-sonnet", model: "openai/claude-sonnet-4-5", inputPerToken: 0.000003, outputPerToken: 0.000015 },
  { name: "deepseek-chat", model: "deepseek/deepseek-chat", inputPerToken: 0.00000027, outputPerToken: 0.0000011 },
  { name: "mistral-large", model: "mistral/mistral-large-latest", inputPerToken: 0.000002, outputPerToken: 0.000006 },
  { name: "llama-3.3-70b", model: "groq/llama-3.3-70b-flaky", inputPerToken: 0.00000059, outputPerToken: 0.00000079 },
];

function modelEntry(model: DemoModel, apiBase: string): string {
  return `  - model_name: ${model.name}
    litellm_params:
      model: ${model.model}
      api_base: ${apiBase}
      api_key: os.environ/DEMO_UPSTREAM_KEY
      input_cost_per_token: ${model.inputPerToken}
      output_cost_per_token: ${model.outputPerToken}
    model_info:
      id: ${model.name.replaceAll(".", "-")}-primary
`;
}

/** Version 1 has no Groq model; version 2 adds it (so the config page has history). */
export function demoConfig(apiBase: string, withGroq: boolean): string {
  const models = MODELS.filter((model) => withGroq || !model.model.startsWith("groq/"));
  return `model_list:
${models.map((model) => modelEntry(model, apiBase)).join("")}
router_settings:
  routing_strategy: simple-shuffle
  allowed_fails: 2
  cooldown_time: 60

litellm_settings:
  drop_params: true
  num_retries: 0

general_settings:
  master_key: os.environ/MASTER_KEY
`;
}
