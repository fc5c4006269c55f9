// A scripted provider on 127.0.0.1 for real-client round trips, speaking OpenAI
// Chat (/v1/chat/completions) and Anthropic Messages (/v1/messages), streaming or not.
// Script: a request whose last turn is a tool result gets a final answer quoting
// the tool's output; a request offering a shell tool gets one call to it; any
// other request (titles, summaries) gets a short text.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";

export const PROOF_COMMAND = "echo switchyard-roundtrip-$((40+2))";
export const PROOF_OUTPUT = "switchyard-roundtrip-42";

interface ShellTool {
  name: string;
  /** Builds the tool's arguments for PROOF_COMMAND in the client's own shape. */
  argumentsFor(command: string): Record<string, unknown>;
}

const shellTools: Record<string, (command: string) => Record<string, unknown>> = {
  Bash: (command) => ({ command, description: "Print the round-trip proof" }),
  bash: (command) => ({ command, description: "Print the round-trip proof" }),
  exec_command: (command) => ({ cmd: command }),
  shell: (command) => ({ command: ["bash", "-lc", command] }),
};

function findShellTool(toolNames: string[]): ShellTool | undefined {
  for (const name of Object.keys(shellTools)) {
    const build = shellTools[name];
    if (toolNames.includes(name) && build !== undefined) return { name, argumentsFor: build };
  }
  return undefined;
}

export interface RecordedCall {
  path: string;
  format: "openai-chat" | "anthropic-messages";
  stream: boolean;
  /** What the gateway sent, for evidence: auth style, forwarded anthropic-version/beta. */
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

type Plan = { kind: "text"; text: string } | { kind: "tool"; tool: ShellTool };

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value))
    return value
      .map((part) =>
        textOf((part as { text?: unknown; content?: unknown }).text ?? (part as { content?: unknown }).content ?? ""),
      )
      .join("\n");
  return "";
}

function planChat(body: Record<string, unknown>): Plan {
  const messages = (body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const last = messages.at(-1);
  if (last?.role === "tool") return { kind: "text", text: `The command printed: ${textOf(last.content).trim()}` };
  const tools = ((body.tools as Array<{ function?: { name?: string } }>) ?? []).map(
    (tool) => tool.function?.name ?? "",
  );
  const shell = findShellTool(tools);
  return shell ? { kind: "tool", tool: shell } : { kind: "text", text: "Switchyard round trip" };
}

function planAnthropic(body: Record<string, unknown>): Plan {
  const messages = (body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const last = messages.at(-1);
  const blocks = Array.isArray(last?.content) ? (last.content as Array<{ type: string; content?: unknown }>) : [];
  const result = blocks.find((block) => block.type === "tool_result");
  if (last?.role === "user" && result)
    return { kind: "text", text: `The command printed: ${textOf(result.content).trim()}` };
  const tools = ((body.tools as Array<{ name?: string }>) ?? []).map((tool) => tool.name ?? "");
  const shell = findShellTool(tools);
  return shell ? { kind: "tool", tool: shell } : { kind: "text", text: "Switchyard round trip" };
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

function chatAnswer(body: Record<string, unknown>, plan: Plan, stream: boolean): { contentType: string; text: string } {
  const model = String(body.model ?? "scripted");
  const usage = { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 };
  const toolCall =
    plan.kind === "tool"
      ? {
          id: "call_scripted_1",
          type: "function",
          function: { name: plan.tool.name, arguments: JSON.stringify(plan.tool.argumentsFor(PROOF_COMMAND)) },
        }
      : undefined;
  if (!stream) {
    const message = toolCall
      ? { role: "assistant", content: null, tool_calls: [toolCall] }
      : { role: "assistant", content: plan.kind === "text" ? plan.text : "" };
    return {
      contentType: "application/json",
      text: JSON.stringify({
        id: "chatcmpl-scripted",
        object: "chat.completion",
        created: 1_795_000_000,
        model,
        choices: [{ index: 0, message, finish_reason: toolCall ? "tool_calls" : "stop" }],
        usage,
      }),
    };
  }
  const chunk = (delta: unknown, finish: string | null) =>
    sse({
      id: "chatcmpl-scripted",
      object: "chat.completion.chunk",
      created: 1_795_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  let out = chunk({ role: "assistant", content: "" }, null);
  if (toolCall) {
    const args = toolCall.function.arguments;
    const half = Math.floor(args.length / 2);
    out += chunk(
      {
        tool_calls: [
          { index: 0, id: toolCall.id, type: "function", function: { name: toolCall.function.name, arguments: "" } },
        ],
      },
      null,
    );
    out += chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }, null);
    out += chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }, null);
    out += chunk({}, "tool_calls");
  } else if (plan.kind === "text") {
    for (const word of plan.text.split(/(?<= )/)) out += chunk({ content: word }, null);
    out += chunk({}, "stop");
  }
  out += sse({
    id: "chatcmpl-scripted",
    object: "chat.completion.chunk",
    created: 1_795_000_000,
    model,
    choices: [],
    usage,
  });
  out += "data: [DONE]\n\n";
  return { contentType: "text/event-stream", text: out };
}

function anthropicAnswer(
  body: Record<string, unknown>,
  plan: Plan,
  stream: boolean,
): { contentType: string; text: string } {
  const model = String(body.model ?? "scripted");
  const input = plan.kind === "tool" ? plan.tool.argumentsFor(PROOF_COMMAND) : undefined;
  const block =
    plan.kind === "tool"
      ? { type: "tool_use", id: "toolu_scripted_1", name: plan.tool.name, input }
      : { type: "text", text: plan.text };
  const stopReason = plan.kind === "tool" ? "tool_use" : "end_turn";
  if (!stream) {
    return {
      contentType: "application/json",
      text: JSON.stringify({
        id: "msg_scripted",
        type: "message",
        role: "assistant",
        model,
        content: [block],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: 120, output_tokens: 12, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      }),
    };
  }
  let out = sse(
    {
      type: "message_start",
      message: {
        id: "msg_scripted",
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 120, output_tokens: 1 },
      },
    },
    "message_start",
  );
  if (plan.kind === "tool") {
    const json = JSON.stringify(input);
    out += sse(
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", id: "toolu_scripted_1", name: plan.tool.name, input: {} },
      },
      "content_block_start",
    );
    out += sse(
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: json.slice(0, 7) } },
      "content_block_delta",
    );
    out += sse(
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: json.slice(7) } },
      "content_block_delta",
    );
  } else {
    out += sse(
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      "content_block_start",
    );
    for (const word of plan.text.split(/(?<= )/))
      out += sse(
        { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: word } },
        "content_block_delta",
      );
  }
  out += sse({ type: "content_block_stop", index: 0 }, "content_block_stop");
  out += sse(
    { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 12 } },
    "message_delta",
  );
  out += sse({ type: "message_stop" }, "message_stop");
  return { contentType: "text/event-stream", text: out };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startScriptedUpstream(port = 0): Promise<{ server: Server; url: string; calls: RecordedCall[] }> {
  const calls: RecordedCall[] = [];
  const server = createServer(async (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>;
    } catch {
      response.writeHead(400).end();
      return;
    }
    const stream = body.stream === true;
    let answer: { contentType: string; text: string };
    if (path.endsWith("/chat/completions")) {
      calls.push({ path, format: "openai-chat", stream, headers: request.headers, body });
      answer = chatAnswer(body, planChat(body), stream);
    } else if (path.endsWith("/messages")) {
      calls.push({ path, format: "anthropic-messages", stream, headers: request.headers, body });
      answer = anthropicAnswer(body, planAnthropic(body), stream);
    } else {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    response.writeHead(200, { "content-type": answer.contentType }).end(answer.text);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const boundPort = typeof address === "object" && address !== null ? address.port : port;
  return { server, url: `http://127.0.0.1:${boundPort}`, calls };
}
