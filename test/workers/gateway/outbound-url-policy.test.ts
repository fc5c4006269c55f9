import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

// Written straight into D1 (as `npm run config:import` or a SQL restore would), so the admin's save-time
// check never saw it: only the gateway's own check stands between these api_base values and the network.
const CONFIG = `
model_list:
  - model_name: metadata
    litellm_params: { model: openai/gpt-4.1, api_base: "http://169.254.169.254/latest", api_key: sk-ssrf-policy-key-0001 }
  - model_name: decimal-loopback
    litellm_params: { model: hosted_vllm/llama, api_base: "http://2130706433:8000/v1" }
  - model_name: mapped-loopback
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "http://[::ffff:127.0.0.1]:9000", api_key: sk-ssrf-anthropic-0002 }
  - model_name: local
    litellm_params: { model: hosted_vllm/llama, api_base: "http://127.0.0.1:8000/v1" }
  - model_name: redirecting
    litellm_params: { model: openai/gpt-4.1, api_base: "https://redirector.test/v1", api_key: sk-ssrf-redirect-0003 }
  - model_name: guarded
    litellm_params: { model: openai/gpt-4.1, api_base: "http://10.0.0.5/v1", api_key: sk-ssrf-fallback-0004 }
  - model_name: backup
    litellm_params: { model: openai/gpt-4.1, api_base: "https://backup.test/v1", api_key: sk-ssrf-backup-0005 }
  - model_name: embed-internal
    litellm_params: { model: openai/text-embedding-3-small, api_base: "http://metadata.google.internal/v1", api_key: sk-ssrf-embed-0006 }
router_settings:
  fallbacks: [{ guarded: [backup] }]
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

const headers = { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" };

const chat = (model: string, envOverrides: Partial<Env> = {}) =>
  callGateway(
    "/v1/chat/completions",
    { method: "POST", headers, body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }) },
    envOverrides,
  );

const completion = () =>
  Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4.1",
    choices: [{ index: 0, message: { role: "assistant", content: "from upstream" }, finish_reason: "stop" }],
    usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
  });

let upstream: ReturnType<typeof mockUpstreams>;
let warnings: string[];

beforeEach(async () => {
  await activateConfig(CONFIG);
  // Every host answers, so only the policy can keep a request from going out.
  upstream = mockUpstreams(
    Object.fromEntries(
      [
        "http://169.254.169.254",
        "http://127.0.0.1:8000",
        "http://[::ffff:7f00:1]:9000",
        "http://10.0.0.5",
        "https://backup.test",
        "http://metadata.google.internal",
      ].map((origin) => [origin, completion]),
    ),
  );
  warnings = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
  });
});
afterEach(() => {
  upstream.restore();
  vi.restoreAllMocks();
});

describe("outbound URL policy at request time", () => {
  it("refuses the metadata endpoint before any fetch, with a 502 that does not name the address", async () => {
    const result = await chat("metadata");
    expect(result.response.status).toBe(502);
    expect(result.json()).toEqual({
      error: {
        message: "The upstream could not be reached: the gateway's outbound URL policy does not allow its address.",
        type: "api_error",
        param: null,
        code: "upstream_unreachable",
      },
    });
    expect(result.text).not.toContain("169.254");
    expect(upstream.requests).toEqual([]);
    expect(warnings).toContainEqual(
      "outbound request to 169.254.169.254 denied by the outbound URL policy (link-local): 169.254.169.254 is in 169.254.0.0/16 (link-local)",
    );
    expect(result.spendRecords[0]).toMatchObject({ status: 502, errorKind: "upstream_unreachable" });
  });

  it("judges other spellings of loopback as loopback", async () => {
    expect((await chat("decimal-loopback")).response.status).toBe(502);
    const anthropic = await callGateway("/v1/messages", {
      method: "POST",
      headers: { ...headers, "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "mapped-loopback", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(anthropic.response.status).toBe(502);
    expect(anthropic.json()).toMatchObject({ type: "error", error: { type: "api_error" } });
    expect(upstream.requests).toEqual([]);
    expect(warnings.filter((warning) => warning.includes("(loopback)"))).toHaveLength(2);
  });

  it("falls back as from a dead host when a deployment is refused", async () => {
    const result = await chat("guarded");
    expect(result.response.status).toBe(200);
    expect(upstream.requests.map((request) => request.url)).toEqual(["https://backup.test/v1/chat/completions"]);
  });

  it("reaches private hosts the Worker allows, for local development", async () => {
    const allowList = { OUTBOUND_ALLOWED_HOSTS: "127.0.0.1" } as unknown as Partial<Env>;
    expect((await chat("local", allowList)).response.status).toBe(200);
    expect((await chat("metadata", allowList)).response.status).toBe(502);
    const allowAll = { OUTBOUND_ALLOW_PRIVATE: "true" } as unknown as Partial<Env>;
    expect((await chat("metadata", allowAll)).response.status).toBe(200);
    expect(upstream.requests.map((request) => request.url)).toEqual([
      "http://127.0.0.1:8000/v1/chat/completions",
      "http://169.254.169.254/latest/chat/completions",
    ]);
  });

  it("refuses embeddings to an internal name the same way", async () => {
    const result = await callGateway("/v1/embeddings", {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "embed-internal", input: "hi" }),
    });
    expect(result.response.status).toBe(502);
    expect(result.json()).toMatchObject({ error: { code: "upstream_unreachable" } });
    expect(upstream.requests).toEqual([]);
  });
});

describe("redirects from an upstream", () => {
  it("never follows a 302 to the metadata endpoint, nor carries the provider key there", async () => {
    upstream.restore();
    const seenRedirectModes: string[] = [];
    upstream = mockUpstreams({
      "https://redirector.test": (request) => {
        seenRedirectModes.push(request.redirect);
        return new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
      },
      "http://169.254.169.254": completion,
    });
    const result = await chat("redirecting", { OUTBOUND_ALLOW_PRIVATE: "true" } as unknown as Partial<Env>);
    expect(result.response.status).toBe(502);
    expect(result.json()).toMatchObject({ error: { code: "upstream_error", type: "api_error" } });
    expect(upstream.requests.map((request) => request.url)).toEqual(["https://redirector.test/v1/chat/completions"]);
    expect(seenRedirectModes).toEqual(["manual"]);
    expect(result.text).not.toContain("169.254");
    expect(result.text).not.toContain("sk-ssrf-redirect-0003");
  });
});
