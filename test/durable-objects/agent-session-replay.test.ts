import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { IrMessage, IrRequest } from "../../workers/core/ir/request.ts";
import { extractSessionCall } from "../../workers/core/session/extract-session-call.ts";
import type { SessionCallEvent } from "../../workers/core/session/session-call-event.ts";
import { sessionObjectName } from "../../workers/core/session/session-scope.ts";
import { toolDefinitionsJsonOf } from "../../workers/core/session/session-tool-definitions.ts";
import type { TraceBodyPolicy } from "../../workers/core/session/trace-body-policy.ts";

const SCOPE = "team:replay";

const user = (text: string): IrMessage => ({ role: "user", content: [{ type: "text", text }] });
const toolUse = (id: string, args: string): IrMessage => ({
  role: "assistant",
  content: [
    { type: "reasoning", text: "I should look it up.", signature: "sig-1" },
    { type: "tool-call", id, name: "get_weather", arguments: args },
  ],
});
const toolResult = (id: string, text: string): IrMessage => ({
  role: "tool",
  content: [{ type: "tool-result", toolCallId: id, content: [{ type: "text", text }], isError: false }],
});

const weather = { type: "function" as const, name: "get_weather", inputSchema: { type: "object" } };

function request(messages: IrMessage[], options: Partial<IrRequest> = {}): IrRequest {
  return {
    model: "gpt",
    system: [{ type: "text", text: "Be brief." }],
    messages,
    tools: [weather],
    toolChoice: { type: "auto" },
    temperature: 0.2,
    stream: true,
    unmapped: [],
    ...options,
  };
}

/** A recorded call as the gateway sends it (record-session-call.ts), `full` bodies unless told. */
function event(sessionId: string, requestId: string, at: number, ir: IrRequest, policy: TraceBodyPolicy = "full") {
  const call: SessionCallEvent = {
    scope: SCOPE,
    sessionId,
    tracePolicy: policy,
    record: {
      requestId,
      startedAt: at,
      apiFormat: "anthropic-messages",
      keyHash: "key-hash",
      teamId: "replay",
      userId: null,
      agentId: null,
      sessionId,
      modelGroup: ir.model,
      provider: "openai",
      deployment: `${ir.model}#0`,
      upstreamModel: ir.model,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.01,
      latencyMs: 40,
      timeToFirstTokenMs: 12,
      status: 200,
      errorKind: null,
      stream: true,
      cacheHit: false,
    },
    content: extractSessionCall(ir, policy),
  };
  if (policy === "full") call.toolDefinitions = toolDefinitionsJsonOf(ir);
  return call;
}

function freshSession() {
  const sessionId = crypto.randomUUID();
  return { sessionId, stub: env.AGENT_SESSION.getByName(sessionObjectName(SCOPE, sessionId)) };
}

const ask = [user("Weather in Paris?")];
const withResult = [...ask, toolUse("call_1", '{"city":"Paris"}'), toolResult("call_1", "18°C")];

describe("AgentSession.replaySource", () => {
  it("follows the conversation past a side call with the same message count, and stores each tool set once", async () => {
    const { sessionId, stub } = freshSession();
    await stub.recordCall(event(sessionId, "r1", 1_000, request(ask)));
    // A title request after the first message: one message too, another model, no tools.
    await stub.recordCall(
      event(
        sessionId,
        "title",
        1_500,
        request([user("Title for: weather")], { model: "mini", tools: [], toolChoice: undefined, system: [] }),
      ),
    );
    await stub.recordCall(event(sessionId, "r2", 2_000, request(withResult)));

    const found = await stub.replaySource("r2");
    if (!found.ok) throw new Error(`expected a source, got ${found.reason}`);
    expect(found.source.system).toEqual([{ type: "text", text: "Be brief." }]);
    // Reasoning is dropped (its signature is not kept); the arguments and result come from the tool rows.
    expect(found.source.messages).toEqual([
      user("Weather in Paris?"),
      {
        role: "assistant",
        content: [{ type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "call_1", content: [{ type: "text", text: "18°C" }], isError: false },
        ],
      },
    ]);
    expect(JSON.parse(found.source.toolDefinitions ?? "null")).toEqual({
      tools: [weather],
      toolChoice: { type: "auto" },
    });
    expect(found.source.parameters).toMatchObject({ temperature: 0.2, toolCount: 1 });
    expect(found.source.output).toBeNull();

    const first = await stub.replaySource("r1");
    expect(first.ok && first.source.output).toEqual({
      text: "",
      toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }],
    });
    const toolSets = await runInDurableObject(stub, async (_instance, state) =>
      state.storage.sql.exec<{ count: number }>("SELECT count(*) AS count FROM tool_sets").one(),
    );
    // r1 and r2 offered the same tools; the title call offered none.
    expect(toolSets.count).toBe(1);
  });

  it("replaces images by a placeholder, with a warning", async () => {
    const { sessionId, stub } = freshSession();
    const picture: IrMessage = {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } },
      ],
    };
    await stub.recordCall(event(sessionId, "img", 1_000, request([picture])));
    const found = await stub.replaySource("img");
    if (!found.ok) throw new Error(`expected a source, got ${found.reason}`);
    expect(found.source.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "text", text: "[image not kept by the session trace]" },
        ],
      },
    ]);
    expect(found.source.warnings).toEqual([
      "The trace keeps no image bytes; the replay sends a placeholder text instead.",
    ]);
  });

  it("refuses spans it cannot rebuild, naming the span at fault", async () => {
    const { sessionId, stub } = freshSession();
    await stub.recordCall(event(sessionId, "meta", 1_000, request(ask), "metadata"));
    await stub.recordCall(event(sessionId, "after-meta", 2_000, request(withResult)));
    expect(await stub.replaySource("meta")).toEqual({
      ok: false,
      reason: "bodies_not_recorded",
      requestId: "meta",
      tracePolicy: "metadata",
    });
    // Its own bodies were kept, but the call it continues kept none.
    expect(await stub.replaySource("after-meta")).toEqual({
      ok: false,
      reason: "bodies_not_recorded",
      requestId: "meta",
      tracePolicy: "metadata",
    });
    expect(await stub.replaySource("unknown")).toEqual({ ok: false, reason: "span_not_found" });

    // A continuation whose earlier call is not in the trace at all.
    const orphan = freshSession();
    await orphan.stub.recordCall(event(orphan.sessionId, "orphan", 1_000, request(withResult)));
    expect(await orphan.stub.replaySource("orphan")).toEqual({
      ok: false,
      reason: "history_incomplete",
      requestId: "orphan",
    });

    // Tools were offered but their definitions were not sent (a gateway from before tool sets).
    const toolless = freshSession();
    const { toolDefinitions: _dropped, ...older } = event(toolless.sessionId, "old", 1_000, request(ask));
    await toolless.stub.recordCall(older);
    expect(await toolless.stub.replaySource("old")).toEqual({
      ok: false,
      reason: "tools_not_recorded",
      requestId: "old",
    });
  });
});
