import { activateConfig, TEST_MASTER_KEY } from "../../../helpers/activate-config.ts";
import { postAdmin } from "../../../helpers/call-admin.ts";

/** Upstream streams and bodies shaped like the real APIs, with the token counts a budget test needs. */
export const INPUT_PRICE = 0.000001;
export const OUTPUT_PRICE = 0.00001;

let counter = 0;
/** A name no earlier test used: budget Durable Objects keep state for the whole file. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;

export async function createKey(body: Record<string, unknown>): Promise<string> {
  const created = await postAdmin("/key/generate", body);
  if (created.status !== 200) throw new Error(`key/generate failed: ${JSON.stringify(created.body)}`);
  return created.body.key as string;
}

export async function createTeam(body: Record<string, unknown>): Promise<string> {
  const teamId = unique("team");
  const created = await postAdmin("/team/new", { team_id: teamId, ...body });
  if (created.status !== 200) throw new Error(`team/new failed: ${JSON.stringify(created.body)}`);
  return teamId;
}

/** A new agent (id `<prefix>-…`) with `settings` in a new team, on the `priced` model. */
export async function createAgentInNewTeam(prefix: string, settings: Record<string, unknown> = {}) {
  const teamId = await createTeam({});
  const agentId = unique(prefix);
  const created = await postAdmin("/agents", {
    agent_id: agentId,
    name: agentId,
    team_id: teamId,
    harness: "claude-code",
    default_model: "priced",
    ...settings,
  });
  if (created.status !== 200) throw new Error(`POST /agents failed: ${JSON.stringify(created.body)}`);
  return { agentId, teamId, key: created.body.key as string };
}

/** One model, `priced`, at INPUT_PRICE / OUTPUT_PRICE per token, upstream at https://openai.test. */
export async function activatePricedConfig(): Promise<void> {
  await activateConfig(`
model_list:
  - model_name: priced
    litellm_params: { model: openai/gpt-4o, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: ${INPUT_PRICE}, output_cost_per_token: ${OUTPUT_PRICE} }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
}

export function chatCompletion(promptTokens: number, completionTokens: number) {
  return {
    id: "chatcmpl-BUDGET0001",
    object: "chat.completion",
    created: 1_795_000_000,
    model: "gpt-4o-2024-08-06",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "ok", refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

const encoder = new TextEncoder();

/** A stream that produces one event per pull, so the gateway's back-pressure and cancellation are real. */
export function lazyStream(events: string[], onCancel: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = events[index++];
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
    cancel() {
      onCancel();
    },
  });
}

/** Anthropic Messages SSE: `deltas` text deltas of `text`, with the usage Anthropic reports. */
export function anthropicStreamEvents(deltas: number, text: string, inputTokens: number): string[] {
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const events = [
    event("message_start", {
      type: "message_start",
      message: {
        id: "msg_01BudgetCut",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-5-20250929",
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    }),
    event("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
  ];
  for (let index = 0; index < deltas; index++) {
    events.push(
      event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }),
    );
  }
  events.push(
    event("content_block_stop", { type: "content_block_stop", index: 0 }),
    event("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: Math.ceil((deltas * text.length) / 4) },
    }),
    event("message_stop", { type: "message_stop" }),
  );
  return events;
}

/** OpenAI Chat SSE: `deltas` content chunks, then the usage chunk (include_usage) and [DONE]. */
export function chatStreamEvents(deltas: number, text: string, promptTokens: number): string[] {
  const chunk = (delta: unknown, finish: string | null) => ({
    id: "chatcmpl-BUDGET0002",
    object: "chat.completion.chunk",
    created: 1_795_000_000,
    model: "gpt-4o-2024-08-06",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  const events = [data(chunk({ role: "assistant", content: "" }, null))];
  for (let index = 0; index < deltas; index++) events.push(data(chunk({ content: text }, null)));
  const completionTokens = Math.ceil((deltas * text.length) / 4);
  events.push(
    data(chunk({}, "stop")),
    data({
      id: "chatcmpl-BUDGET0002",
      object: "chat.completion.chunk",
      created: 1_795_000_000,
      model: "gpt-4o-2024-08-06",
      choices: [],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    }),
    "data: [DONE]\n\n",
  );
  return events;
}

/** Parses SSE text into (event, data) pairs. */
export function sseEvents(text: string): Array<{ event: string | undefined; data: string }> {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
      const data = lines
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n");
      return { event, data };
    });
}
