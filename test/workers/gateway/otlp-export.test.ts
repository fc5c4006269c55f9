import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { consumeSpendBatch } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import { otlpExportStats } from "../../../workers/gateway/spend/export-spend-traces.ts";
import type { SpendQueueMessage } from "../../../workers/gateway/spend/spend-queue-message.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

const COLLECTOR = "https://collector.test";
const TOKEN = "otlp-ingest-token-5f0c2a9b7d";
const SCOPE = "team:otel";
const PLAIN_CONFIG = `
model_list:
  - { model_name: gpt, litellm_params: { model: mock/gpt } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => {
  upstream?.restore();
  upstream = undefined;
  vi.restoreAllMocks();
});

beforeEach(async () => {
  // Only what these tests read back: spend rows and the session rows.
  await env.DB.batch([env.DB.prepare("DELETE FROM spend_logs"), env.DB.prepare("DELETE FROM sessions")]);
  await activateConfig(PLAIN_CONFIG);
});

const withOtel = (vars: Record<string, string>) => ({ ...env, ...vars }) as unknown as Env;
const collectorEnv = withOtel({
  OTEL_EXPORTER_OTLP_ENDPOINT: `${COLLECTOR}/`,
  OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${TOKEN},x-tenant=acme`,
});

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: number; message?: string };
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

const attributesOf = (span: ExportedSpan | undefined) =>
  Object.fromEntries((span?.attributes ?? []).map((attribute) => [attribute.key, attribute.value]));

/** A call; with `sessionId` it belongs to that session and carries `toolIds` back. */
function call(
  requestId: string,
  options: { sessionId?: string; agentId?: string; toolIds?: string[]; status?: number } = {},
): SpendQueueMessage {
  const { sessionId, agentId = null, toolIds = [], status = 200 } = options;
  return {
    requestId,
    startedAt: 1_795_000_000_000,
    apiFormat: "anthropic-messages",
    keyHash: "key-otel",
    teamId: "otel",
    userId: null,
    agentId,
    sessionId: sessionId ?? null,
    modelGroup: "claude",
    provider: "anthropic",
    deployment: "claude#0",
    upstreamModel: "claude-sonnet-4-5",
    inputTokens: 1200,
    outputTokens: 80,
    cacheReadTokens: 1000,
    cacheWriteTokens: 0,
    costUsd: 0.0042,
    latencyMs: 850.5,
    timeToFirstTokenMs: 300,
    status,
    errorKind: status >= 400 ? "upstream_error" : null,
    stream: true,
    cacheHit: false,
    ...(sessionId === undefined
      ? {}
      : {
          session: {
            scope: SCOPE,
            sessionId,
            responseId: null,
            toolCalls: toolIds.map((id) => ({ id, name: "read_file", arguments: `{"path":"${id}.ts"}` })),
            retentionDays: 30,
          },
        }),
  };
}

async function consume(messages: SpendQueueMessage[], environment: Env) {
  const batch = createMessageBatch(
    "switchyard-spend",
    messages.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeSpendBatch(batch, environment);
  return getQueueResult(batch, createExecutionContext());
}

async function spendRequestIds() {
  const { results } = await env.DB.prepare("SELECT request_id FROM spend_logs ORDER BY request_id").all<{
    request_id: string;
  }>();
  return results.map((row) => row.request_id);
}

describe("OTLP push export", () => {
  it("pushes one batch as one OTLP request: a chat span per call, tool spans under it, agents around it", async () => {
    upstream = mockUpstreams({ [COLLECTOR]: () => new Response("{}", { status: 200 }) });
    const messages = [
      call("req-a1", { sessionId: "sess-a", agentId: "agent-coder", toolIds: ["tool-1", "tool-2"] }),
      call("req-a2", { sessionId: "sess-a", agentId: "agent-coder", toolIds: ["tool-3"], status: 502 }),
      call("req-b1", { sessionId: "sess-b" }),
      call("req-lone"),
    ];
    const result = await consume(messages, collectorEnv);
    expect(result.explicitAcks).toHaveLength(4);
    expect(await spendRequestIds()).toEqual(["req-a1", "req-a2", "req-b1", "req-lone"]);

    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    expect(request?.url).toBe(`${COLLECTOR}/v1/traces`);
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers.get("x-tenant")).toBe("acme");

    const body = JSON.parse(request?.body ?? "{}") as {
      resourceSpans: Array<{ resource: { attributes: unknown[] }; scopeSpans: Array<{ spans: ExportedSpan[] }> }>;
    };
    expect(body.resourceSpans).toHaveLength(1);
    expect(body.resourceSpans[0]?.resource.attributes).toEqual([
      { key: "service.name", value: { stringValue: "switchyard-gateway" } },
    ]);
    const spans = body.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    const named = (prefix: string) => spans.filter((span) => span.name.startsWith(prefix));
    const chats = named("chat ");
    expect(chats.map((span) => attributesOf(span)["switchyard.request_id"])).toEqual([
      { stringValue: "req-a1" },
      { stringValue: "req-a2" },
      { stringValue: "req-b1" },
      { stringValue: "req-lone" },
    ]);
    expect(named("execute_tool ").map((span) => attributesOf(span)["gen_ai.tool.call.id"])).toEqual([
      { stringValue: "tool-1" },
      { stringValue: "tool-2" },
      { stringValue: "tool-3" },
    ]);
    expect(named("invoke_agent ").map((span) => span.name)).toEqual([
      "invoke_agent agent-coder",
      "invoke_agent agent-coder",
    ]);
    expect(spans).toHaveLength(4 + 3 + 2);

    const [a1, a2, b1, lone] = chats;
    expect(attributesOf(a1)).toMatchObject({
      "gen_ai.operation.name": { stringValue: "chat" },
      "gen_ai.request.model": { stringValue: "claude" },
      "gen_ai.response.model": { stringValue: "claude-sonnet-4-5" },
      "gen_ai.provider.name": { stringValue: "anthropic" },
      "gen_ai.system": { stringValue: "anthropic" },
      "gen_ai.usage.input_tokens": { intValue: "1200" },
      "gen_ai.usage.output_tokens": { intValue: "80" },
      "gen_ai.usage.cache_read.input_tokens": { intValue: "1000" },
      "gen_ai.conversation.id": { stringValue: "sess-a" },
      "gen_ai.agent.id": { stringValue: "agent-coder" },
      "switchyard.cost_usd": { doubleValue: 0.0042 },
      "http.response.status_code": { intValue: "200" },
    });
    expect(a1?.status).toEqual({ code: 0 });
    expect(a2?.status).toEqual({ code: 2, message: "upstream_error" });
    expect(a1?.startTimeUnixNano).toBe("1795000000000000000");
    expect(a1?.endTimeUnixNano).toBe("1795000000850500000");

    // A session is one trace; another session, or a call outside any, is another.
    expect(a1?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a2?.traceId).toBe(a1?.traceId);
    expect(new Set([a1?.traceId, b1?.traceId, lone?.traceId]).size).toBe(3);
    expect(new Set(spans.map((span) => span.spanId)).size).toBe(spans.length);
    // Agent → chat → tools; a call without an agent is a root.
    const [agentOfA1] = named("invoke_agent ");
    expect(a1?.parentSpanId).toBe(agentOfA1?.spanId);
    expect(agentOfA1?.parentSpanId).toBeUndefined();
    expect(named("execute_tool ").map((span) => span.parentSpanId)).toEqual([a1?.spanId, a1?.spanId, a2?.spanId]);
    expect(attributesOf(named("execute_tool ")[0])).toMatchObject({
      "gen_ai.operation.name": { stringValue: "execute_tool" },
      "gen_ai.tool.name": { stringValue: "read_file" },
      "gen_ai.tool.call.arguments": { stringValue: '{"path":"tool-1.ts"}' },
    });
    expect(b1?.parentSpanId).toBeUndefined();
    expect(attributesOf(lone)["gen_ai.conversation.id"]).toBeUndefined();
  });

  it("acks the batch and writes D1 when the collector is down or refuses, logging no secret", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failuresBefore = otlpExportStats.failedBatches;

    upstream = mockUpstreams({});
    const unreachable = await consume([call("down-1", { sessionId: "sess-down" }), call("down-2")], collectorEnv);
    expect(unreachable.explicitAcks).toHaveLength(2);
    expect(unreachable.retryMessages).toEqual([]);
    upstream.restore();

    upstream = mockUpstreams({ [COLLECTOR]: () => new Response("unauthorized", { status: 401 }) });
    const refused = await consume([call("refused-1")], collectorEnv);
    expect(refused.explicitAcks).toHaveLength(1);

    expect(await spendRequestIds()).toEqual(["down-1", "down-2", "refused-1"]);
    const sessionRow = await env.DB.prepare("SELECT id FROM sessions").first();
    expect(sessionRow).toEqual({ id: "sess-down" });
    expect(otlpExportStats.failedBatches).toBe(failuresBefore + 2);
    const lines = logged.mock.calls.map((args) => args.map(String).join(" "));
    const failures = lines.filter((line) => line.includes("otlp_export_failed"));
    expect(failures).toHaveLength(2);
    expect(JSON.parse(failures[1] ?? "{}")).toMatchObject({
      endpoint: `${COLLECTOR}/v1/traces`,
      reason: "Error: collector answered HTTP 401",
      calls: 1,
    });
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("gives up on a collector that does not answer within the configured timeout", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    upstream = mockUpstreams({
      [COLLECTOR]: (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    });
    const slowEnv = withOtel({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${COLLECTOR}/ingest`,
      OTEL_EXPORTER_OTLP_TIMEOUT: "50",
    });
    const result = await consume([call("slow-1")], slowEnv);
    expect(result.explicitAcks).toHaveLength(1);
    expect(upstream.requests.map((request) => request.url)).toEqual([`${COLLECTOR}/ingest`]);
    expect(await spendRequestIds()).toEqual(["slow-1"]);
  });

  it("sends nothing when no exporter is configured", async () => {
    upstream = mockUpstreams({ [COLLECTOR]: () => new Response("{}") });
    const result = await consume([call("quiet-1", { sessionId: "sess-quiet", toolIds: ["t"] })], env);
    expect(result.explicitAcks).toHaveLength(1);
    expect(upstream.requests).toEqual([]);
  });

  it("exports when the config turns on LiteLLM's `otel` callback, with the endpoint from its environment", async () => {
    await activateConfig(`${PLAIN_CONFIG}
litellm_settings: { callbacks: ["otel"] }
environment_variables:
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "${COLLECTOR}/api/public/otel/v1/traces"
  OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=from-config"
`);
    upstream = mockUpstreams({ [COLLECTOR]: () => new Response("{}") });
    const result = await consume([call("config-1"), call("config-2")], env);
    expect(result.explicitAcks).toHaveLength(2);
    expect(upstream.requests.map((request) => request.url)).toEqual([`${COLLECTOR}/api/public/otel/v1/traces`]);
    expect(upstream.requests[0]?.headers.get("x-api-key")).toBe("from-config");
  });
});
