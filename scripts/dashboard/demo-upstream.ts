// An OpenAI-compatible upstream on 127.0.0.1 for the screenshot data: believable latencies per model,
// token counts that grow with the conversation, tool calls when tools are offered, and a flaky model.
// The gateway reaches it through `api_base` like any provider; only the network hop is fake.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

interface ChatBody {
  model?: string;
  messages?: Array<{ role?: string; content?: unknown }>;
  tools?: Array<{ function?: { name?: string } }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
}

/** Typical time to answer, ms (before ±40 % jitter). */
const LATENCY_MS: Array<[RegExp, number]> = [
  [/mini/, 420],
  [/llama|groq/, 260],
  [/deepseek/, 780],
  [/mistral/, 520],
  [/gpt-4o/, 950],
  [/sonnet|claude/, 1300],
];

const ANSWERS = [
  "The failing test comes from a stale fixture: the config loader now masks secrets, so the snapshot needs the masked value. I updated the fixture and the suite passes.",
  "Three call sites still use the old signature. I changed them to pass the options object and added a regression test for the null team case.",
  "The release notes are drafted: 4 features, 7 fixes, and a migration note about the new session index.",
  "This ticket is a duplicate of #4812 (login loop on Safari). I linked them and tagged it for the auth team.",
  "Summary: latency is dominated by the upstream; gateway overhead stays under 2 ms at p95.",
];

const TOOL_ARGUMENTS: Record<string, string> = {
  read_file: '{"path":"workers/gateway/pipeline/handle-model-request.ts"}',
  run_tests: '{"command":"npx vitest run test/workers/gateway"}',
  search_code: '{"query":"resolveGatewayConfig","glob":"workers/**/*.ts"}',
  list_tickets: '{"status":"open","label":"bug","limit":20}',
  git_log: '{"range":"v0.4.0..HEAD","format":"oneline"}',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function latencyOf(model: string): number {
  const base = LATENCY_MS.find(([pattern]) => pattern.test(model))?.[1] ?? 600;
  return Math.round(base * (0.6 + Math.random() * 0.8));
}

function replyOf(body: ChatBody): { content: string | null; toolCall: { name: string; arguments: string } | null } {
  const messages = body.messages ?? [];
  const last = messages.at(-1);
  const toolNames = (body.tools ?? []).flatMap((tool) =>
    tool.function?.name === undefined ? [] : [tool.function.name],
  );
  const calledSoFar = messages.filter((message) => message.role === "tool").length;
  // An agent loop: a tool call or two after each user message, then an answer.
  if (toolNames.length > 0 && (last?.role === "user" || (last?.role === "tool" && calledSoFar % 3 === 1))) {
    const name = toolNames[calledSoFar % toolNames.length] ?? "read_file";
    return { content: null, toolCall: { name, arguments: TOOL_ARGUMENTS[name] ?? '{"path":"README.md"}' } };
  }
  return { content: ANSWERS[messages.length % ANSWERS.length] ?? "Done.", toolCall: null };
}

async function readJson(request: IncomingMessage): Promise<ChatBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatBody;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function answer(body: ChatBody, response: ServerResponse): Promise<void> {
  const model = body.model ?? "model";
  await sleep(latencyOf(model));
  if (/flaky/.test(model) && Math.random() < 0.35) {
    sendJson(response, 503, { error: { message: "upstream overloaded", type: "server_error" } });
    return;
  }
  const reply = replyOf(body);
  // Agents carry a long system prompt and file contents; count them as a real tokenizer would roughly.
  const promptTokens = 1800 + tokens(JSON.stringify(body.messages ?? []));
  const completionTokens = reply.toolCall === null ? tokens(reply.content ?? "") + 40 : 28;
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const toolCalls =
    reply.toolCall === null
      ? undefined
      : [
          {
            index: 0,
            id: `call_${Math.random().toString(36).slice(2, 10)}`,
            type: "function",
            function: reply.toolCall,
          },
        ];
  const finish = reply.toolCall === null ? "stop" : "tool_calls";
  const base = { id: `chatcmpl-demo-${Date.now()}`, created: Math.floor(Date.now() / 1000), model };
  if (body.stream !== true) {
    sendJson(response, 200, {
      ...base,
      object: "chat.completion",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: reply.content, tool_calls: toolCalls },
          finish_reason: finish,
        },
      ],
      usage,
    });
    return;
  }
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const event = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
  const chunk = (delta: unknown, finishReason: string | null) =>
    event({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finishReason }] });
  chunk({ role: "assistant", content: "" }, null);
  if (toolCalls !== undefined) chunk({ tool_calls: toolCalls }, null);
  for (const word of (reply.content ?? "").split(/(?<= )/)) {
    if (word !== "") chunk({ content: word }, null);
  }
  chunk({}, finish);
  if (body.stream_options?.include_usage === true)
    event({ ...base, object: "chat.completion.chunk", choices: [], usage });
  response.end("data: [DONE]\n\n");
}

export interface DemoUpstream {
  /** For `api_base`: the server root with /v1. */
  apiBase: string;
  close(): Promise<void>;
}

export async function startDemoUpstream(): Promise<DemoUpstream> {
  const server = createServer((request, response) => {
    if (request.method !== "POST" || !(request.url ?? "").endsWith("/chat/completions")) {
      sendJson(response, 404, { error: { message: "only POST /v1/chat/completions here" } });
      return;
    }
    readJson(request)
      .then((body) => answer(body, response))
      .catch(() => sendJson(response, 400, { error: { message: "bad request body" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the demo upstream has no port");
  return {
    apiBase: `http://127.0.0.1:${address.port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
