// Plants canary secrets everywhere a secret can be configured or sent, drives traffic that tries to leak
// them (hostile upstreams echoing the credentials they received, failing auth, prompts and tool calls
// carrying secrets), then scans every output surface: gateway and admin responses, queued spend records,
// every D1 row, the Durable Objects' storage and the console.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeSpendBatch } from "../../workers/gateway/spend/consume-spend-batch.ts";
import type { SpendQueueMessage } from "../../workers/gateway/spend/spend-queue-message.ts";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";
import { captureConsole, describeResponse, dumpD1, dumpDurableObjects, randomText } from "./canary-surfaces.ts";
import { echoingBedrockUpstream, echoingErrorUpstream, textStream, toolCallStream } from "./hostile-upstreams.ts";

const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Configured credentials: opaque strings no pattern would recognise, so only exact-value defences catch them. */
const CONFIGURED = {
  openaiKey: `canary-openai-${randomText(24)}`,
  anthropicKey: `canary-anthropic-${randomText(24)}`,
  awsAccessKeyId: `AKIA${randomText(16, UPPER_DIGITS)}`,
  awsSecret: `canary-aws-secret-${randomText(24)}`,
  awsSession: `canary-aws-session-${randomText(24)}`,
  goodKey: `canary-good-${randomText(24)}`,
  envValue: `canary-env-${randomText(24)}`,
  redisPassword: `canary-redis-${randomText(24)}`,
  newModelKey: `canary-model-new-${randomText(24)}`,
  otlpToken: `canary-otlp-${randomText(24)}`,
  masterKey: TEST_MASTER_KEY,
};

/** Secrets a user or a tool put into the conversation: in the shapes the redaction policy recognises. */
const PLANTED = {
  anthropicKeyInPrompt: `sk-ant-api03-${randomText(48)}`,
  githubTokenInSystem: `ghp_${randomText(36)}`,
  awsKeyInToolArguments: `AKIA${randomText(16, UPPER_DIGITS)}`,
  xaiKeyInToolResult: `xai-${randomText(48)}`,
  agentEnvSecret: `sk-${randomText(40)}`,
};

const SESSION_ID = `canary-session-${crypto.randomUUID()}`;

const surfaces = {
  gateway: [] as string[],
  admin: [] as string[],
  spend: [] as SpendQueueMessage[],
  logs: [] as string[],
};
let d1 = "";
let durableObjects = "";
let upstream: ReturnType<typeof mockUpstreams>;
let teamKey = "";

const config = {
  model_list: [
    {
      model_name: "hostile-openai",
      litellm_params: {
        model: "openai/gpt-4.1",
        api_base: "https://hostile-openai.test/v1",
        api_key: CONFIGURED.openaiKey,
      },
    },
    {
      model_name: "hostile-anthropic",
      litellm_params: {
        model: "anthropic/claude-sonnet-4-5",
        api_base: "https://hostile-anthropic.test",
        api_key: CONFIGURED.anthropicKey,
      },
    },
    {
      model_name: "hostile-bedrock",
      litellm_params: {
        model: "bedrock/anthropic.claude-sonnet-4-5-v1:0",
        api_base: "https://hostile-bedrock.test",
        aws_region_name: "us-east-1",
        aws_access_key_id: CONFIGURED.awsAccessKeyId,
        aws_secret_access_key: CONFIGURED.awsSecret,
        aws_session_token: CONFIGURED.awsSession,
      },
    },
    {
      model_name: "hostile-embed",
      litellm_params: {
        model: "openai/text-embedding-3-small",
        api_base: "https://hostile-openai.test/v1",
        api_key: CONFIGURED.openaiKey,
      },
    },
    {
      model_name: "good",
      litellm_params: {
        model: "openai/gpt-4.1",
        api_base: "https://good.test/v1",
        api_key: CONFIGURED.goodKey,
        input_cost_per_token: 0.000001,
        output_cost_per_token: 0.000002,
      },
    },
  ],
  // The OTLP push export: its endpoint and its auth header come from the config's environment_variables.
  litellm_settings: { callbacks: ["otel"] },
  router_settings: { redis_password: CONFIGURED.redisPassword },
  environment_variables: {
    CANARY_SETTING: CONFIGURED.envValue,
    OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector.test",
    OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${CONFIGURED.otlpToken}`,
  },
  general_settings: { master_key: TEST_MASTER_KEY },
};

async function gateway(path: string, body: unknown, headers: Record<string, string> = {}, overrides = {}) {
  const result = await callGateway(
    path,
    {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    },
    overrides as Partial<Env>,
  );
  surfaces.gateway.push(await describeResponse(result.response, result.text));
  surfaces.spend.push(...(result.spendRecords as SpendQueueMessage[]));
  return result;
}

async function admin(path: string, init?: Parameters<typeof callAdmin>[1]) {
  const result = await callAdmin(path, init);
  surfaces.admin.push(`${path} ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

async function adminPost(path: string, body: unknown) {
  const result = await postAdmin(path, body);
  surfaces.admin.push(`POST ${path} ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

const chatBody = (model: string, content: string, stream = false) => ({
  model,
  stream,
  messages: [{ role: "user", content }],
});
const messagesBody = (model: string, content: string) => ({
  model,
  max_tokens: 64,
  messages: [{ role: "user", content }],
});

/** Failures that echo credentials: every status class, every inbound API, fast path and translated. */
async function driveHostileTraffic() {
  for (const status of [400, 401, 403, 404, 422, 429, 500]) {
    await gateway("/v1/chat/completions", chatBody("hostile-openai", `STATUS=${status}`));
  }
  await gateway("/v1/chat/completions", chatBody("hostile-openai", "STATUS=400", true));
  await gateway("/v1/responses", { model: "hostile-openai", input: "STATUS=400" });
  const anthropicHeaders = { "anthropic-version": "2023-06-01" };
  await gateway("/v1/messages", messagesBody("hostile-anthropic", "STATUS=400"), anthropicHeaders);
  await gateway("/v1/messages", messagesBody("hostile-anthropic", "STATUS=401"), anthropicHeaders);
  await gateway("/v1/chat/completions", chatBody("hostile-anthropic", "STATUS=422"));
  await gateway("/v1/chat/completions", chatBody("hostile-bedrock", "STATUS=400"));
  await gateway("/v1/messages", messagesBody("hostile-bedrock", "STATUS=403"), anthropicHeaders);
  await gateway("/v1/embeddings", { model: "hostile-embed", input: "STATUS=400" });
  // Failing auth: a near miss of the master key, and a stranger's key, on two APIs.
  await gateway("/v1/chat/completions", chatBody("good", "hi"), { authorization: `Bearer ${TEST_MASTER_KEY}x` });
  await gateway("/v1/messages", messagesBody("good", "hi"), { authorization: "", "x-api-key": `sk-${randomText(40)}` });
}

/** A two-call tool-using session whose prompt, system prompt, tool arguments and tool result carry secrets. */
async function driveSessionTraffic() {
  const headers = {
    authorization: `Bearer ${teamKey}`,
    "anthropic-version": "2023-06-01",
    "x-claude-code-session-id": SESSION_ID,
  };
  const fullBodies = { SESSION_TRACE_BODIES: "full" };
  const tools = [{ name: "deploy", description: "Deploy", input_schema: { type: "object", properties: {} } }];
  const system = `Deploy with GITHUB_TOKEN=${PLANTED.githubTokenInSystem}`;
  const user = { role: "user", content: `My key is ${PLANTED.anthropicKeyInPrompt}; deploy please` };
  await gateway(
    "/v1/messages",
    { model: "good", max_tokens: 64, stream: true, system, tools, messages: [user] },
    headers,
    fullBodies,
  );
  const toolUse = {
    type: "tool_use",
    id: "call_deploy",
    name: "deploy",
    input: { aws_key: PLANTED.awsKeyInToolArguments },
  };
  const toolResult = {
    type: "tool_result",
    tool_use_id: "call_deploy",
    content: `deployed as ${PLANTED.xaiKeyInToolResult}`,
  };
  await gateway(
    "/v1/messages",
    {
      model: "good",
      max_tokens: 64,
      stream: true,
      system,
      tools,
      messages: [user, { role: "assistant", content: [toolUse] }, { role: "user", content: [toolResult] }],
    },
    headers,
    fullBodies,
  );
}

/** The spend queue consumer writes what the gateway queued: spend_logs and the D1 session index. */
async function deliverSpendRecords() {
  const batch = createMessageBatch(
    "switchyard-spend",
    surfaces.spend.map((body, index) => ({ id: `canary-${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeSpendBatch(batch, env);
  await getQueueResult(batch, createExecutionContext());
}

async function readEveryAdminSurface() {
  const sessionTrace = await admin(`/sessions/${SESSION_ID}`);
  expect(sessionTrace.status).toBe(200);
  for (const path of [
    "/config",
    "/config/versions",
    "/model/info",
    "/v1/model/info",
    "/health/deployments",
    "/key/list",
    `/key/info?key=${encodeURIComponent(teamKey)}`,
    "/team/info?team_id=canary-team",
    "/spend/logs",
    "/spend/keys",
    "/spend/teams",
    "/global/spend/report",
    "/sessions",
    `/sessions/${SESSION_ID}/export`,
    "/sessions/search?tool=deploy",
    "/audit",
    "/audit/verify",
    "/agents",
  ]) {
    await admin(path);
  }
}

beforeAll(async () => {
  const output = captureConsole();
  surfaces.logs = output.lines;
  upstream = mockUpstreams({
    "https://hostile-openai.test": echoingErrorUpstream,
    "https://hostile-anthropic.test": echoingErrorUpstream,
    "https://hostile-bedrock.test": echoingBedrockUpstream,
    "https://collector.test": () => new Response("{}", { status: 200 }),
    "https://good.test": (_request, body) =>
      body.includes("tool_call_id") || body.includes('"role":"tool"')
        ? textStream("Deployed.")
        : toolCallStream(JSON.stringify({ aws_key: PLANTED.awsKeyInToolArguments })),
  });
  try {
    await activateConfig(`general_settings: { master_key: ${TEST_MASTER_KEY} }\n`);
    const saved = await adminPost("/config", config);
    expect(saved.status).toBe(201);
    // The bootstrap row above went straight into D1 in plain text; from here the sealed config authenticates.
    await env.DB.prepare("DELETE FROM config_versions WHERE created_by = 'test'").run();
    expect((await adminPost("/config?dry_run=true", config)).status).toBe(200);
    await adminPost("/team/new", { team_id: "canary-team" });
    teamKey = String((await adminPost("/key/generate", { team_id: "canary-team" })).body.key);
    const added = await adminPost("/model/new", {
      model_name: "added",
      litellm_params: { model: "openai/gpt-4.1", api_base: "https://good.test/v1", api_key: CONFIGURED.newModelKey },
    });
    expect(added.status).toBe(200);
    const refusedAgent = await adminPost("/agents", {
      agent_id: "canary-agent",
      name: "Canary",
      env: { DEPLOY_TOKEN: PLANTED.agentEnvSecret },
    });
    expect(refusedAgent.status).toBe(400);

    await driveHostileTraffic();
    await driveSessionTraffic();
    await deliverSpendRecords();
    await readEveryAdminSurface();
    d1 = await dumpD1();
    durableObjects = await dumpDurableObjects();
  } finally {
    upstream.restore();
    output.restore();
  }
});
afterAll(() => upstream.restore());

/** Names of the canaries found in `text`; the values themselves stay out of failure output. */
function leaked(text: string, canaries: Record<string, string>): string[] {
  return Object.entries(canaries)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

describe("secret canaries", () => {
  it("were really sent upstream and really echoed back, so the scans below are not vacuous", () => {
    const sentHeaders = upstream.requests.map((request) => JSON.stringify([...request.headers])).join("\n");
    expect(leaked(sentHeaders, CONFIGURED)).toEqual(
      expect.arrayContaining(["openaiKey", "anthropicKey", "awsAccessKeyId", "awsSession", "goodKey"]),
    );
    const sentBodies = upstream.requests.map((request) => request.body).join("\n");
    expect(leaked(sentBodies, PLANTED)).toEqual(
      expect.arrayContaining([
        "anthropicKeyInPrompt",
        "githubTokenInSystem",
        "awsKeyInToolArguments",
        "xaiKeyInToolResult",
      ]),
    );
    expect(surfaces.gateway.length).toBeGreaterThanOrEqual(17);
  });

  it("never reach a gateway caller, while upstream 4xx messages still explain themselves", () => {
    expect(leaked(surfaces.gateway.join("\n"), CONFIGURED)).toEqual([]);
    const badRequest = surfaces.gateway.find(
      (response) => response.startsWith("400 ") && response.includes("Rejected"),
    );
    expect(badRequest).toContain("[REDACTED:generic_api_key]");
  });

  it("never appear in an admin API response", () => {
    expect(leaked(surfaces.admin.join("\n"), { ...CONFIGURED, ...PLANTED })).toEqual([]);
  });

  it("are in no D1 row, config versions included", () => {
    expect(d1).toContain("config_versions");
    expect(leaked(d1, { ...CONFIGURED, ...PLANTED })).toEqual([]);
  });

  it("are in no Durable Object's storage: session spans, audit log, routing health", () => {
    expect(durableObjects).toContain("deploy");
    expect(leaked(durableObjects, { ...CONFIGURED, ...PLANTED })).toEqual([]);
  });

  it("are in no queued spend record or session index entry", () => {
    expect(surfaces.spend.some((record) => record.session?.toolCalls.length)).toBe(true);
    expect(leaked(JSON.stringify(surfaces.spend), { ...CONFIGURED, ...PLANTED })).toEqual([]);
  });

  it("are in no OTLP export body, though the collector got its own credential", () => {
    const exports = upstream.requests.filter((request) => request.url.startsWith("https://collector.test/"));
    expect(exports.length).toBeGreaterThan(0);
    expect(exports[0]?.headers.get("authorization")).toBe(`Bearer ${CONFIGURED.otlpToken}`);
    const bodies = exports.map((request) => request.body).join("\n");
    expect(bodies).toContain("resourceSpans");
    expect(leaked(bodies, { ...CONFIGURED, ...PLANTED })).toEqual([]);
  });

  it("are in no log line", () => {
    expect(leaked(surfaces.logs.join("\n"), { ...CONFIGURED, ...PLANTED })).toEqual([]);
  });

  it("were redacted rather than dropped: the trace keeps the conversation with markers in place", async () => {
    const trace = JSON.stringify((await callAdmin(`/sessions/${SESSION_ID}`)).body);
    expect(trace).toContain("deploy");
    expect(trace).toContain("[REDACTED:");
  });
});
