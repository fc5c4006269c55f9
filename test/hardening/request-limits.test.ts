import { beforeAll, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { errorShapes } from "./answer-shapes.ts";

/** Each limit is set small per call (envOverrides), so "at the limit" and "one past it" are cheap to build. */
const vars = (values: Record<string, string>) => values as unknown as Partial<Env>;
const auth = { authorization: `Bearer ${TEST_MASTER_KEY}` };
let agentKey = "";

beforeAll(async () => {
  await activateConfig(`
model_list:
  - { model_name: demo, litellm_params: { model: mock/demo } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  agentKey = String((await postAdmin("/key/generate", { agent_id: `limits-${crypto.randomUUID()}` })).body.key);
});

type Body = Record<string, unknown>;

/** The object at a path of a body built here (the builders always put one there). */
function at(body: Body, ...path: Array<string | number>): Body {
  let node: unknown = body;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node as Body;
}

const userTurn = (text: string) => ({ role: "user", content: text });
const tool = (name: string) => ({ name, input_schema: { type: "object" } });

/** One request per client API, built from its messages and tools. */
const formats = {
  openai: {
    path: "/v1/chat/completions",
    body: (messages: number, tools: number, text = "hi") => ({
      model: "demo",
      messages: Array.from({ length: messages }, () => userTurn(text)),
      ...(tools === 0
        ? {}
        : {
            tools: Array.from({ length: tools }, (_, index) => ({
              type: "function",
              function: { name: `t${index}`, parameters: { type: "object" } },
            })),
          }),
    }),
    messagesParam: "messages",
    schemaOf: (body: Body) => at(body, "tools", 0, "function", "parameters"),
  },
  responses: {
    path: "/v1/responses",
    body: (messages: number, tools: number, text = "hi") => ({
      model: "demo",
      input: Array.from({ length: messages }, () => ({ type: "message", ...userTurn(text) })),
      ...(tools === 0
        ? {}
        : {
            tools: Array.from({ length: tools }, (_, index) => ({
              type: "function",
              name: `t${index}`,
              parameters: {},
            })),
          }),
    }),
    messagesParam: "input",
    schemaOf: (body: Body) => at(body, "tools", 0, "parameters"),
  },
  anthropic: {
    path: "/v1/messages",
    body: (messages: number, tools: number, text = "hi") => ({
      model: "demo",
      max_tokens: 16,
      messages: Array.from({ length: messages }, () => userTurn(text)),
      ...(tools === 0 ? {} : { tools: Array.from({ length: tools }, (_, index) => tool(`t${index}`)) }),
    }),
    messagesParam: "messages",
    schemaOf: (body: Body) => at(body, "tools", 0, "input_schema"),
  },
  gemini: {
    path: "/v1beta/models/demo:generateContent",
    body: (messages: number, tools: number, text = "hi") => ({
      contents: Array.from({ length: messages }, () => ({ role: "user", parts: [{ text }] })),
      ...(tools === 0
        ? {}
        : {
            tools: [
              {
                functionDeclarations: Array.from({ length: tools }, (_, index) => ({
                  name: `t${index}`,
                  parameters: { type: "object" },
                })),
              },
            ],
          }),
    }),
    messagesParam: "contents",
    schemaOf: (body: Body) => at(body, "tools", 0, "functionDeclarations", 0, "parameters"),
  },
} as const;

type FormatName = keyof typeof formats;
const formatNames = Object.keys(formats) as FormatName[];
const shapeOf = (name: FormatName) => (name === "responses" ? errorShapes.openai : errorShapes[name]);

async function post(name: FormatName, body: BodyInit, overrides: Record<string, string>, headers: HeadersInit = {}) {
  const result = await callGateway(
    formats[name].path,
    { method: "POST", headers: { ...auth, "content-type": "application/json", ...headers }, body },
    vars(overrides),
  );
  return { status: result.response.status, body: result.json() };
}

/** The error's message, whichever format carries it. */
const messageOf = (body: unknown) => (body as { error: { message: string } }).error.message;

describe("MAX_BODY_BYTES", () => {
  for (const name of formatNames) {
    it(`${name}: a body of exactly the limit is served, one byte more is a 413 in ${name}'s error format`, async () => {
      const base = JSON.stringify(formats[name].body(1, 0, ""));
      const limit = base.length + 100;
      const atLimit = JSON.stringify(formats[name].body(1, 0, "x".repeat(100)));
      expect(atLimit.length).toBe(limit);
      expect((await post(name, atLimit, { MAX_BODY_BYTES: String(limit) })).status).toBe(200);
      const over = await post(name, JSON.stringify(formats[name].body(1, 0, "x".repeat(101))), {
        MAX_BODY_BYTES: String(limit),
      });
      expect(over.status).toBe(413);
      expect(shapeOf(name).parse(over.body)).toBeTruthy();
      expect(messageOf(over.body)).toContain(`${limit} bytes`);
    });
  }

  it("caps a chunked body (no content-length) while reading it: an endless stream is cut off at the limit", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(
      `{"model":"demo","messages":[${'{"role":"user","content":"x"},'.repeat(30)}`,
    );
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const result = await post("openai", endless, { MAX_BODY_BYTES: "10000" });
    expect(result.status).toBe(413);
    expect(errorShapes.openai.parse(result.body).error.type).toBe("invalid_request_error");
    // Read up to the first chunk past the limit, plus what the stream queued ahead; never the whole (endless) body.
    expect(pulled).toBeLessThan(10_000 + 4 * chunk.byteLength);
  });

  it("refuses a declared content-length over the limit without reading the body", async () => {
    const result = await post("anthropic", "{}", { MAX_BODY_BYTES: "1000" }, { "content-length": "5000" });
    expect(result.status).toBe(413);
    expect(errorShapes.anthropic.parse(result.body).error.type).toBe("request_too_large");
  });

  it("caps the MCP endpoint's chunked bodies too (413 in JSON-RPC)", async () => {
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const { response, text } = await callGateway("/mcp/memory", {
      method: "POST",
      headers: { authorization: `Bearer ${agentKey}`, "content-type": "application/json" },
      body: endless,
    });
    expect(response.status).toBe(413);
    expect(errorShapes.jsonRpc.parse(JSON.parse(text)).error.message).toContain("too large");
  });
});

describe("MAX_MESSAGES and MAX_TOOLS", () => {
  for (const name of formatNames) {
    it(`${name}: ${formats[name].messagesParam} at the limit is served, one more is a 400 naming the field`, async () => {
      expect((await post(name, JSON.stringify(formats[name].body(3, 0)), { MAX_MESSAGES: "3" })).status).toBe(200);
      const over = await post(name, JSON.stringify(formats[name].body(4, 0)), { MAX_MESSAGES: "3" });
      expect(over.status).toBe(400);
      expect(shapeOf(name).parse(over.body)).toBeTruthy();
      expect(messageOf(over.body)).toBe(
        `'${formats[name].messagesParam}' has 4 items; the gateway accepts at most 3 (MAX_MESSAGES).`,
      );
      if (name === "openai" || name === "responses") {
        expect(errorShapes.openai.parse(over.body).error.param).toBe(formats[name].messagesParam);
      }
    });

    it(`${name}: tools at the limit are served, one more is a 400 naming 'tools'`, async () => {
      expect((await post(name, JSON.stringify(formats[name].body(1, 2)), { MAX_TOOLS: "2" })).status).toBe(200);
      const over = await post(name, JSON.stringify(formats[name].body(1, 3)), { MAX_TOOLS: "2" });
      expect(over.status).toBe(400);
      expect(shapeOf(name).parse(over.body)).toBeTruthy();
      expect(messageOf(over.body)).toBe("'tools' defines 3 tools; the gateway accepts at most 2 (MAX_TOOLS).");
    });
  }

  it("applies to count_tokens as to /v1/messages", async () => {
    const body = JSON.stringify({ model: "demo", messages: [userTurn("a"), userTurn("b")] });
    const result = await callGateway(
      "/v1/messages/count_tokens",
      { method: "POST", headers: auth, body },
      vars({ MAX_MESSAGES: "1" }),
    );
    expect(result.response.status).toBe(400);
    expect(errorShapes.anthropic.parse(result.json()).error.message).toContain("MAX_MESSAGES");
  });

  it("uses the wrangler.toml defaults: 10000 messages and 1000 tools", async () => {
    expect((await post("openai", JSON.stringify(formats.openai.body(10_000, 0)), {})).status).toBe(200);
    expect((await post("openai", JSON.stringify(formats.openai.body(10_001, 0)), {})).status).toBe(400);
    expect((await post("anthropic", JSON.stringify(formats.anthropic.body(1, 1_000)), {})).status).toBe(200);
    const over = await post("anthropic", JSON.stringify(formats.anthropic.body(1, 1_001)), {});
    expect(over.status).toBe(400);
    expect(messageOf(over.body)).toContain("at most 1000 (MAX_TOOLS)");
  });
});

/** Levels of arrays and objects, the test's own count (a top-level object is 1). */
function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/** `{"a":{"a":…{}}}`: `levels` objects. */
const nestedObjects = (levels: number): Body => (levels <= 1 ? {} : { a: nestedObjects(levels - 1) });

/** A valid request whose tool schema carries an extra nested field, making the body exactly `depth` deep. */
function bodyOfDepth(name: FormatName, depth: number): string {
  const body = formats[name].body(1, 1) as Body;
  formats[name].schemaOf(body).x = {};
  const schemaLevel = depthOf(body) - 1;
  formats[name].schemaOf(body).x = nestedObjects(depth - schemaLevel);
  expect(depthOf(body)).toBe(depth);
  return JSON.stringify(body);
}

describe("MAX_JSON_DEPTH", () => {
  for (const name of formatNames) {
    it(`${name}: a body nested exactly to the default limit (100) is served, 101 levels is a 400`, async () => {
      expect((await post(name, bodyOfDepth(name, 100), {})).status).toBe(200);
      const over = await post(name, bodyOfDepth(name, 101), {});
      expect(over.status).toBe(400);
      expect(shapeOf(name).parse(over.body)).toBeTruthy();
      expect(messageOf(over.body)).toBe(
        "The request body nests arrays and objects more than 100 levels deep (MAX_JSON_DEPTH).",
      );
    });
  }

  it("counts arrays as levels too, follows MAX_JSON_DEPTH, and holds at 50,000 levels", async () => {
    const body = (arrays: number) =>
      `{"model":"demo","messages":[{"role":"user","content":"hi"}],"metadata":{"deep":${"[".repeat(arrays)}${"]".repeat(arrays)}}}`;
    // The body (1) and metadata (2) hold the arrays.
    const refused = await post("openai", body(6), { MAX_JSON_DEPTH: "7" });
    expect(refused.status).toBe(400);
    expect(messageOf(refused.body)).toContain("more than 7 levels deep");
    expect((await post("openai", body(5), { MAX_JSON_DEPTH: "7" })).status).toBe(200);
    const deep = await post("openai", body(50_000), {});
    expect(deep.status).toBe(400);
    expect(messageOf(deep.body)).toContain("MAX_JSON_DEPTH");
  });
});

describe("MAX_HEADER_BYTES", () => {
  /** Pads the request's headers to `total` bytes (`name: value\r\n` each) with one filler header. */
  function paddedHeaders(total: number): Record<string, string> {
    const base = { ...auth, "content-type": "application/json" };
    const used = Object.entries(base).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
    return { ...base, "x-filler": "f".repeat(total - used - "x-filler".length - 4) };
  }

  for (const name of formatNames) {
    it(`${name}: headers of exactly the limit are served, one byte more is a 431 in ${name}'s error format`, async () => {
      const body = JSON.stringify(formats[name].body(1, 0));
      const at = await callGateway(
        formats[name].path,
        { method: "POST", headers: paddedHeaders(2048), body },
        vars({ MAX_HEADER_BYTES: "2048" }),
      );
      expect(at.response.status).toBe(200);
      const over = await callGateway(
        formats[name].path,
        { method: "POST", headers: paddedHeaders(2049), body },
        vars({ MAX_HEADER_BYTES: "2048" }),
      );
      expect(over.response.status).toBe(431);
      expect(shapeOf(name).parse(over.json())).toBeTruthy();
      expect(messageOf(over.json())).toBe(
        "The request headers total 2049 bytes; the gateway accepts at most 2048 (MAX_HEADER_BYTES).",
      );
    });
  }

  it("answers the MCP endpoint's oversized headers in JSON-RPC, and uses the 32 KiB default", async () => {
    const big = { authorization: `Bearer ${agentKey}`, "x-filler": "f".repeat(33_000) };
    const mcp = await callGateway("/mcp/memory", { method: "POST", headers: big, body: "{}" });
    expect(mcp.response.status).toBe(431);
    expect(errorShapes.jsonRpc.parse(mcp.json()).error.message).toContain("at most 32768 (MAX_HEADER_BYTES)");
    const models = await callGateway("/v1/models", { headers: { ...auth, "x-filler": "f".repeat(33_000) } });
    expect(models.response.status).toBe(431);
  });
});

describe("misconfigured limits", () => {
  it("a var that is not a positive integer fails loudly, naming it, instead of lifting the limit", async () => {
    const result = await post("openai", JSON.stringify(formats.openai.body(1, 0)), { MAX_MESSAGES: "10k" });
    expect(result.status).toBe(503);
    expect(messageOf(result.body)).toBe("The MAX_MESSAGES var must be a positive integer, not '10k'.");
  });
});
