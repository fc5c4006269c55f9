import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import { gatewayApp } from "../../../workers/gateway/app.ts";
import { CACHED_AT_HEADER, RESPONSE_CACHE_NAME } from "../../../workers/gateway/response-cache/cache-entry.ts";
import { cacheEntryRequest } from "../../../workers/gateway/response-cache/response-cache-key.ts";
import { routingState } from "../../../workers/gateway/routing-state.ts";
import { consumeSpendBatch } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import anthropicStream from "../../fixtures/anthropic-messages/stream-thinking-text-tool-use.sse?raw";
import chatResponse from "../../fixtures/openai-chat/non-stream-text.json";
import chatStream from "../../fixtures/openai-chat/stream-text.sse?raw";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { chunkedStream, mockUpstreams } from "../../helpers/mock-upstream.ts";

const UPSTREAM = "https://a.test";
const ANTHROPIC = "https://anthropic.test";

function configWith(litellmSettings: string): string {
  return `
model_list:
  - model_name: cached
    litellm_params: { model: hosted_vllm/a, api_base: "${UPSTREAM}/v1", input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
    model_info: { id: dep-a }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${ANTHROPIC}", api_key: k }
    model_info: { id: claude }
litellm_settings:
${litellmSettings}
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;
}

const DEFAULT_ON = "  cache: true";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
/** Each upstream answer is numbered, so a test can tell which one it was served. */
let answers = 0;
/** A fresh prompt per test: the Cache API keeps entries across the tests of a file. */
let prompt = "";

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM virtual_keys").run();
  await activateConfig(configWith(DEFAULT_ON));
  routingState.reset();
  answers = 0;
  prompt = `hello ${crypto.randomUUID()}`;
  upstream = mockUpstreams({
    [UPSTREAM]: (_request, body) => {
      answers++;
      if (JSON.parse(body).stream === true) return sse(chatStream);
      return Response.json({ ...chatResponse, id: `chatcmpl-answer-${answers}` });
    },
    [ANTHROPIC]: () => sse(chunkedStream(anthropicStream, [5, 90, 17])),
  });
});
afterEach(() => upstream?.restore());

function sse(body: BodyInit) {
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

function chat(body: Record<string, unknown> = {}, options: { key?: string; headers?: Record<string, string> } = {}) {
  return callGateway("/v1/chat/completions", {
    method: "POST",
    headers: {
      authorization: `Bearer ${options.key ?? TEST_MASTER_KEY}`,
      "content-type": "application/json",
      ...options.headers,
    },
    body: JSON.stringify({ model: "cached", messages: [{ role: "user", content: prompt }], ...body }),
  });
}

const cacheHeaders = (result: Awaited<ReturnType<typeof chat>>) => ({
  status: result.response.headers.get("x-switchyard-cache"),
  key: result.response.headers.get("x-switchyard-cache-key"),
});

async function storedEntry(key: string | null) {
  const cache = await caches.open(RESPONSE_CACHE_NAME);
  return cache.match(cacheEntryRequest(key ?? ""));
}

describe("exact-match response cache, non-streaming", () => {
  it("answers a repeated request from the cache: one upstream call, identical body, cost 0, a cacheHit spend record", async () => {
    const first = await chat({ temperature: 0.2, user: "alice", metadata: { trace: "1" } });
    expect(first.response.status).toBe(200);
    expect(cacheHeaders(first)).toEqual({ status: "MISS", key: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.spendRecords).toEqual([expect.objectContaining({ cacheHit: false, provider: "hosted_vllm" })]);
    expect(first.spendRecords[0]?.costUsd).toBeGreaterThan(0);

    // Same request with keys in another order and different fields that do not change the answer.
    const second = await callGateway("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        user: "bob",
        metadata: { trace: "2" },
        messages: [{ content: prompt, role: "user" }],
        temperature: 0.2,
        model: "cached",
      }),
    });
    expect(second.response.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(JSON.parse(second.text).id).toBe("chatcmpl-answer-1");
    expect(upstream?.requests).toHaveLength(1);
    expect(cacheHeaders(second)).toEqual({ status: "HIT", key: cacheHeaders(first).key });
    expect(Object.fromEntries(second.response.headers)).toMatchObject({
      "content-type": "application/json",
      "x-switchyard-model-group": "cached",
      "x-switchyard-provider": "cache",
      "x-switchyard-deployment": "cache",
      "x-switchyard-attempts": "0",
      "x-switchyard-translation": "none",
      "x-switchyard-response-cost": "0",
    });
    expect(second.spendRecords).toEqual([
      expect.objectContaining({
        modelGroup: "cached",
        provider: "cache",
        deployment: null,
        status: 200,
        errorKind: null,
        stream: false,
        cacheHit: true,
        costUsd: 0,
        inputTokens: 0,
        outputTokens: 0,
      }),
    ]);
  });

  it("lands in D1 as a spend row with cache_hit = 1 and cost 0", async () => {
    await chat();
    const hit = await chat();
    const record = hit.spendRecords[0];
    expect(record?.cacheHit).toBe(true);
    const batch = createMessageBatch("switchyard-spend", [
      { id: "m0", timestamp: new Date(), attempts: 1, body: record },
    ]);
    await consumeSpendBatch(batch, env);
    const row = await env.DB.prepare(
      "SELECT cache_hit, cost_usd, provider, status FROM spend_logs WHERE request_id = ?",
    )
      .bind(record?.requestId)
      .first();
    expect(row).toEqual({ cache_hit: 1, cost_usd: 0, provider: "cache", status: 200 });
  });

  it("treats a changed parameter as a different request", async () => {
    await chat({ temperature: 0.2 });
    const other = await chat({ temperature: 0.3 });
    expect(cacheHeaders(other).status).toBe("MISS");
    expect(upstream?.requests).toHaveLength(2);
  });

  it("never sends the cache control upstream, on the fast path or when translating", async () => {
    await chat({ cache: { ttl: 60 } });
    expect(JSON.parse(upstream?.requests[0]?.body ?? "{}")).not.toHaveProperty("cache");

    const translated = await chat({ model: "claude", stream: true, cache: { ttl: 60 } });
    expect(translated.response.status).toBe(200);
    expect(translated.response.headers.get("x-switchyard-translation")).toBe("openai-chat->anthropic-messages");
    expect(JSON.parse(upstream?.requests[1]?.body ?? "{}")).not.toHaveProperty("cache");
  });

  it("rejects a malformed cache control with a 400 naming the field", async () => {
    const badTtl = await chat({ cache: { ttl: -5 } });
    expect(badTtl.response.status).toBe(400);
    expect(badTtl.json()).toMatchObject({ error: { param: "cache.ttl" } });
    const unknown = await chat({ cache: { "no-cahce": true } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { message: expect.stringContaining("no-cahce") } });
    expect(upstream?.requests).toHaveLength(0);
  });

  it("does not store an upstream error", async () => {
    upstream?.restore();
    let calls = 0;
    upstream = mockUpstreams({
      [UPSTREAM]: () =>
        ++calls === 1 ? Response.json({ error: { message: "bad" } }, { status: 400 }) : Response.json(chatResponse),
    });
    expect((await chat()).response.status).toBe(400);
    const next = await chat();
    expect(next.response.status).toBe(200);
    expect(cacheHeaders(next).status).toBe("MISS");
    expect(calls).toBe(2);
  });
});

describe("exact-match response cache, streaming", () => {
  it("replays a stored stream byte for byte, as a stream, without calling upstream", async () => {
    const first = await chat({ stream: true });
    expect(cacheHeaders(first).status).toBe("MISS");
    const second = await chat({ stream: true });
    expect(cacheHeaders(second)).toEqual({ status: "HIT", key: cacheHeaders(first).key });
    expect(second.text).toBe(first.text);
    expect(second.text).toContain("data: [DONE]");
    expect(second.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(second.response.headers.get("x-switchyard-provider")).toBe("cache");
    expect(upstream?.requests).toHaveLength(1);
    expect(second.spendRecords).toEqual([expect.objectContaining({ stream: true, cacheHit: true, costUsd: 0 })]);

    // A non-streaming request for the same conversation is another entry.
    const plain = await chat();
    expect(cacheHeaders(plain).status).toBe("MISS");
    expect(cacheHeaders(plain).key).not.toBe(cacheHeaders(first).key);
  });

  it("replays a translated stream (Chat client, Anthropic upstream) byte for byte", async () => {
    const first = await chat({ model: "claude", stream: true });
    const second = await chat({ model: "claude", stream: true });
    expect(cacheHeaders(second).status).toBe("HIT");
    expect(second.text).toBe(first.text);
    expect(upstream?.requests.map((request) => new URL(request.url).host)).toEqual(["anthropic.test"]);
  });

  it("does not store a stream the upstream cut before its end", async () => {
    upstream?.restore();
    const cut = chatStream.slice(0, chatStream.indexOf('"finish_reason":"stop"'));
    const truncated = `${cut.slice(0, cut.lastIndexOf("\n\n") + 2)}`;
    upstream = mockUpstreams({ [UPSTREAM]: () => sse(truncated) });
    const first = await chat({ stream: true });
    expect(first.response.status).toBe(200);
    expect(first.spendRecords[0]?.errorKind).toBe("stream_incomplete");
    const second = await chat({ stream: true });
    expect(cacheHeaders(second).status).toBe("MISS");
    expect(upstream.requests).toHaveLength(2);
  });

  it("does not store a stream that failed mid-way", async () => {
    upstream?.restore();
    const firstEvent = new TextEncoder().encode(`${chatStream.split("\n\n")[0]}\n\n`);
    const resetAfterFirstEvent = () => {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error("connection reset"));
          else controller.enqueue(firstEvent);
          sent = true;
        },
      });
    };
    upstream = mockUpstreams({ [UPSTREAM]: () => sse(resetAfterFirstEvent()) });
    const first = await chat({ stream: true });
    expect(first.response.status).toBe(200);
    expect(first.spendRecords[0]?.errorKind).toBe("upstream_stream_error");
    const second = await chat({ stream: true });
    expect(cacheHeaders(second).status).toBe("MISS");
    expect(upstream.requests).toHaveLength(2);
  });
  it("does not store a stream the client abandoned", async () => {
    upstream?.restore();
    upstream = mockUpstreams({ [UPSTREAM]: () => sse(chunkedStream(chatStream, [16])) });
    const ctx = createExecutionContext();
    const response = await gatewayApp.fetch(
      new Request("https://gateway.test/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "cached", stream: true, messages: [{ role: "user", content: prompt }] }),
      }),
      env,
      ctx,
    );
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    await waitOnExecutionContext(ctx);
    const next = await chat({ stream: true });
    expect(cacheHeaders(next)).toEqual({ status: "MISS", key: response.headers.get("x-switchyard-cache-key") });
    expect(upstream.requests).toHaveLength(2);
  });
});

describe("who shares entries", () => {
  async function virtualKey(): Promise<string> {
    const generated = await postAdmin("/key/generate", {});
    expect(generated.status).toBe(200);
    return generated.body.key as string;
  }

  it("keeps each key's entries to itself", async () => {
    const [alice, bob] = [await virtualKey(), await virtualKey()];
    expect(cacheHeaders(await chat({}, { key: alice })).status).toBe("MISS");
    const bobs = await chat({}, { key: bob });
    expect(cacheHeaders(bobs).status).toBe("MISS");
    expect(JSON.parse(bobs.text).id).toBe("chatcmpl-answer-2");
    expect(cacheHeaders(await chat({}, { key: alice })).status).toBe("HIT");
    expect(upstream?.requests).toHaveLength(2);
  });

  it("shares entries across keys when cache_params.shared_across_keys is set", async () => {
    await activateConfig(configWith(`${DEFAULT_ON}\n  cache_params: { shared_across_keys: true }`));
    const [alice, bob] = [await virtualKey(), await virtualKey()];
    const first = await chat({}, { key: alice });
    const second = await chat({}, { key: bob });
    expect(cacheHeaders(second)).toEqual({ status: "HIT", key: cacheHeaders(first).key });
    expect(second.text).toBe(first.text);
    expect(upstream?.requests).toHaveLength(1);
  });

  it("keeps namespaces apart", async () => {
    await chat({ cache: { namespace: "eval-a" } });
    expect(cacheHeaders(await chat({ cache: { namespace: "eval-b" } })).status).toBe("MISS");
    expect(cacheHeaders(await chat({ cache: { namespace: "eval-a" } })).status).toBe("HIT");
    expect(upstream?.requests).toHaveLength(2);
  });
});

describe("request controls", () => {
  it("no-cache skips the lookup but stores the fresh answer", async () => {
    await chat();
    const refreshed = await chat({ cache: { "no-cache": true } });
    expect(cacheHeaders(refreshed).status).toBe("BYPASS");
    expect(JSON.parse(refreshed.text).id).toBe("chatcmpl-answer-2");
    const next = await chat();
    expect(cacheHeaders(next).status).toBe("HIT");
    expect(JSON.parse(next.text).id).toBe("chatcmpl-answer-2");
  });

  it("Cache-Control: no-cache on the request does the same", async () => {
    await chat();
    const refreshed = await chat({}, { headers: { "cache-control": "no-cache" } });
    expect(cacheHeaders(refreshed).status).toBe("BYPASS");
    expect(upstream?.requests).toHaveLength(2);
  });

  it("no-store answers from the cache when it can, and stores nothing", async () => {
    const unstored = await chat({ cache: { "no-store": true } });
    expect(cacheHeaders(unstored).status).toBe("MISS");
    expect(await storedEntry(cacheHeaders(unstored).key)).toBeUndefined();
    expect(cacheHeaders(await chat()).status).toBe("MISS");
    const served = await chat({ cache: { "no-store": true } });
    expect(cacheHeaders(served).status).toBe("HIT");
    expect(JSON.parse(served.text).id).toBe("chatcmpl-answer-2");
    expect(upstream?.requests).toHaveLength(2);
  });

  it("use-cache: false opts a request out", async () => {
    await chat();
    const optedOut = await chat({ cache: { "use-cache": false } });
    expect(cacheHeaders(optedOut)).toEqual({ status: "BYPASS", key: null });
    expect(upstream?.requests).toHaveLength(2);
  });

  it("stores for the config's ttl, the request's ttl, or LiteLLM's 600 s default", async () => {
    const byDefault = await chat();
    expect((await storedEntry(cacheHeaders(byDefault).key))?.headers.get("cache-control")).toBe("max-age=600");
    const perRequest = await chat({ cache: { ttl: 30.5 } }, { headers: { "x-switchyard-tags": "ignored" } });
    expect(cacheHeaders(perRequest).status).toBe("HIT");
    const fresh = await chat({ temperature: 1, cache: { ttl: 30.5 } });
    expect((await storedEntry(cacheHeaders(fresh).key))?.headers.get("cache-control")).toBe("max-age=31");

    await activateConfig(configWith(`${DEFAULT_ON}\n  cache_params: { ttl: 120 }`));
    const configured = await chat({ temperature: 0 });
    expect((await storedEntry(cacheHeaders(configured).key))?.headers.get("cache-control")).toBe("max-age=120");
  });

  it("s-maxage (or Cache-Control: max-age) refuses an older entry and replaces it", async () => {
    const first = await chat();
    const key = cacheHeaders(first).key;
    // Age the stored entry by an hour instead of waiting.
    const cache = await caches.open(RESPONSE_CACHE_NAME);
    const entry = await storedEntry(key);
    const aged = new Headers(entry?.headers);
    aged.set(CACHED_AT_HEADER, String(Date.now() - 3_600_000));
    await cache.put(cacheEntryRequest(key ?? ""), new Response(await entry?.arrayBuffer(), { headers: aged }));

    expect(cacheHeaders(await chat({ cache: { "s-maxage": 7200 } })).status).toBe("HIT");
    const tooOld = await chat({}, { headers: { "cache-control": "max-age=60" } });
    expect(cacheHeaders(tooOld).status).toBe("MISS");
    expect(JSON.parse(tooOld.text).id).toBe("chatcmpl-answer-2");
    const renewed = await chat({ cache: { "s-maxage": 60 } });
    expect(cacheHeaders(renewed).status).toBe("HIT");
    expect(JSON.parse(renewed.text).id).toBe("chatcmpl-answer-2");
  });
});

describe("config", () => {
  it("is off without litellm_settings.cache: every answer says BYPASS and nothing is stored", async () => {
    await activateConfig(configWith("  drop_params: false"));
    const first = await chat({ cache: { "use-cache": true } });
    expect(cacheHeaders(first)).toEqual({ status: "BYPASS", key: null });
    expect(JSON.parse(upstream?.requests[0]?.body ?? "{}")).not.toHaveProperty("cache");
    expect(cacheHeaders(await chat()).status).toBe("BYPASS");
    expect(upstream?.requests).toHaveLength(2);
  });

  it("caches under mode default_off only the requests that ask with cache: {...}", async () => {
    await activateConfig(configWith(`${DEFAULT_ON}\n  cache_params: { mode: default_off }`));
    expect(cacheHeaders(await chat()).status).toBe("BYPASS");
    expect(cacheHeaders(await chat()).status).toBe("BYPASS");
    expect(cacheHeaders(await chat({ cache: { "use-cache": true } })).status).toBe("MISS");
    expect(cacheHeaders(await chat({ cache: { "use-cache": true } })).status).toBe("HIT");
    expect(cacheHeaders(await chat({ cache: { ttl: 60 } })).status).toBe("HIT");
    expect(cacheHeaders(await chat()).status).toBe("BYPASS");
    expect(upstream?.requests).toHaveLength(4);
  });

  it("caches only the APIs in supported_call_types", async () => {
    await activateConfig(configWith(`${DEFAULT_ON}\n  cache_params: { supported_call_types: [acompletion] }`));
    const messages = () =>
      callGateway("/v1/messages", {
        method: "POST",
        headers: { "x-api-key": TEST_MASTER_KEY, "content-type": "application/json" },
        body: JSON.stringify({
          model: "claude",
          max_tokens: 100,
          stream: true,
          messages: [{ role: "user", content: prompt }],
        }),
      });
    expect((await messages()).response.headers.get("x-switchyard-cache")).toBe("BYPASS");
    expect((await messages()).response.headers.get("x-switchyard-cache")).toBe("BYPASS");
    expect(cacheHeaders(await chat()).status).toBe("MISS");
  });

  it("resolves cache_params and warns about what it does not act on", () => {
    const resolve = (yaml: string) => {
      const parsed = parseConfigText(yaml, "yaml");
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return { config: resolveGatewayConfig(parsed.config, 1, {}), warnings: parsed.warnings };
    };
    const on = resolve(`
litellm_settings:
  cache: true
  cache_params: { type: redis, host: localhost, ttl: 90, namespace: prod, mode: default_off, supported_call_types: [acompletion, aresponses, aembedding] }
`);
    expect(on.config.responseCache).toEqual({
      enabled: true,
      mode: "default_off",
      ttlSeconds: 90,
      namespace: "prod",
      sharedAcrossKeys: false,
      formats: ["openai-chat", "openai-responses"],
    });
    expect(on.config.warnings).toEqual([
      "litellm_settings.cache_params.type: 'redis' is ignored; responses are kept in the Cloudflare Cache API",
      "litellm_settings.cache_params.supported_call_types: 'aembedding' is not cached by Switchyard",
    ]);
    expect(on.warnings).toContain("litellm_settings.cache_params.host: not supported by Switchyard; kept and ignored");

    const off = resolve("litellm_settings:\n  cache_params: { ttl: 90 }\n");
    expect(off.config.responseCache).toMatchObject({ enabled: false, ttlSeconds: 90 });
    expect(off.config.warnings).toEqual([
      "litellm_settings.cache_params: set, but litellm_settings.cache is not true; responses are not cached",
    ]);
    expect(resolve("model_list: []\n").config.responseCache).toEqual({
      enabled: false,
      mode: "default_on",
      ttlSeconds: 600,
      namespace: undefined,
      sharedAcrossKeys: false,
      formats: ["openai-chat", "openai-responses", "anthropic-messages", "gemini"],
    });

    const invalid = parseConfigText("litellm_settings:\n  cache: true\n  cache_params: { mode: sometimes }\n", "yaml");
    expect(invalid.ok).toBe(false);
  });
});
