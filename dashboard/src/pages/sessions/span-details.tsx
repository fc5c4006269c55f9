import type { TraceMessage, TraceModelCall, TraceToolCall } from "../../api/sessions-api.ts";
import { CodeBlock } from "../../components/code-block.tsx";
import { formatCount, formatMs, formatUsd } from "../../format/format-values.ts";

function messageText(message: TraceMessage): string {
  return message.content
    .map((part) => {
      switch (part.type) {
        case "text":
          return part.text;
        case "reasoning":
          return `[reasoning] ${part.text}`;
        case "image":
          return "[image]";
        case "file":
          return `[file ${part.filename ?? ""}]`;
        case "tool-call":
          return `[tool call ${part.name} ${part.toolCallId}]`;
        case "tool-result":
          return `[tool result ${part.toolCallId}]`;
        default: {
          const unreachable: never = part;
          return JSON.stringify(unreachable);
        }
      }
    })
    .join("\n");
}

/** Raw inputs and outputs of a model call, as far as the session's body policy kept them. */
export function ModelCallDetails({ call, bodies }: { call: TraceModelCall; bodies: string }) {
  const parameters = call.parameters;
  return (
    <div class="span-details" data-testid="span-details">
      <dl class="facts">
        <dt>Request</dt>
        <dd>
          <code>{call.requestId}</code>
        </dd>
        <dt>Model</dt>
        <dd>
          {call.modelGroup} → {call.provider ?? "?"} / {call.upstreamModel ?? "?"} ({call.deployment ?? "no deployment"}
          )
        </dd>
        {call.replayOf === null ? null : (
          <>
            <dt>Replay of</dt>
            <dd>
              <code>{call.replayOf}</code>
            </dd>
          </>
        )}
        <dt>Status</dt>
        <dd>
          {call.status}
          {call.errorKind === null ? "" : ` · ${call.errorKind}`}
          {call.cacheHit ? " · cache hit" : ""}
        </dd>
        <dt>Timing</dt>
        <dd>
          {formatMs(call.latencyMs)} total · first token {formatMs(call.timeToFirstTokenMs)} ·{" "}
          {call.stream === true ? "streamed" : "not streamed"}
        </dd>
        <dt>Tokens</dt>
        <dd>
          {formatCount(call.usage.inputTokens)} in ({formatCount(call.usage.cacheReadTokens)} cache read,{" "}
          {formatCount(call.usage.cacheWriteTokens)} cache write) · {formatCount(call.usage.outputTokens)} out
        </dd>
        <dt>Cost</dt>
        <dd>{formatUsd(call.costUsd)}</dd>
        {parameters === null ? null : (
          <>
            <dt>Parameters</dt>
            <dd>
              temperature {parameters.temperature ?? "default"} · top_p {parameters.topP ?? "default"} · max tokens{" "}
              {parameters.maxOutputTokens ?? "default"}
              {parameters.reasoningEffort === null ? "" : ` · reasoning ${parameters.reasoningEffort}`} ·{" "}
              {parameters.toolCount} tools
            </dd>
          </>
        )}
      </dl>
      {call.messages === null ? (
        <p class="muted small">
          Message bodies are not kept under the “{bodies}” trace policy. Set the agent's trace policy to “full” to
          record them.
        </p>
      ) : (
        call.messages.map((message, index) => (
          <CodeBlock key={index} title={message.role} code={messageText(message)} />
        ))
      )}
    </div>
  );
}

/** Tool arguments are JSON text almost always; indented, they read. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function ToolCallDetails({ tool }: { tool: TraceToolCall }) {
  return (
    <div class="span-details" data-testid="span-details">
      <dl class="facts">
        <dt>Tool call</dt>
        <dd>
          <code>{tool.toolCallId}</code>
        </dd>
        <dt>Outcome</dt>
        <dd>{tool.isError === null ? "no result yet" : tool.isError ? "error" : "ok"}</dd>
      </dl>
      {tool.arguments === null ? (
        <p class="muted small">Arguments not kept under this trace policy.</p>
      ) : (
        <CodeBlock title="Arguments" code={pretty(tool.arguments)} />
      )}
      {tool.result === null ? null : <CodeBlock title="Result" code={tool.result} />}
    </div>
  );
}
