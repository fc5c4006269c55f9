import { describe, expect, it } from "vitest";
import { assertConfigTextWithin } from "../../../workers/core/limits/config-size-limit.ts";
import { countRequestItems } from "../../../workers/core/limits/count-request-items.ts";
import { jsonDepthExceeds } from "../../../workers/core/limits/json-depth-exceeds.ts";
import { readBodyWithin } from "../../../workers/core/limits/read-body-within.ts";
import { DEFAULT_REQUEST_LIMITS, limitFromVar, requestLimitsOf } from "../../../workers/core/limits/request-limits.ts";

describe("jsonDepthExceeds", () => {
  it("counts a top-level object or array as depth 1 and primitives as 0", () => {
    expect(jsonDepthExceeds("text", 0)).toBe(false);
    expect(jsonDepthExceeds(null, 0)).toBe(false);
    expect(jsonDepthExceeds({}, 1)).toBe(false);
    expect(jsonDepthExceeds({}, 0)).toBe(true);
    expect(jsonDepthExceeds([[1]], 2)).toBe(false);
    expect(jsonDepthExceeds([[1]], 1)).toBe(true);
  });

  it("finds the deepest branch among wide siblings, mixing arrays and objects", () => {
    const value = { a: [1, 2, { b: "x" }], c: { d: { e: [[{}]] } } };
    // value(1) → c(2) → d(3) → e(4) → [](5) → {}(6)
    expect(jsonDepthExceeds(value, 6)).toBe(false);
    expect(jsonDepthExceeds(value, 5)).toBe(true);
  });

  it("walks 100,000 levels without recursion", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) as unknown;
    expect(jsonDepthExceeds(deep, 100)).toBe(true);
    expect(jsonDepthExceeds(deep, 100_000)).toBe(false);
  });
});

describe("countRequestItems", () => {
  it("reads each API's conversation and tool fields; wrong types count as zero", () => {
    expect(countRequestItems("openai-chat", { messages: [1, 2], tools: [1], functions: [1, 2] })).toEqual({
      messagesField: "messages",
      messages: 2,
      tools: 3,
    });
    expect(countRequestItems("openai-responses", { input: "hi", tools: "x" })).toEqual({
      messagesField: "input",
      messages: 0,
      tools: 0,
    });
    expect(
      countRequestItems("gemini", {
        contents: [{}],
        tools: [{ functionDeclarations: [{}, {}, {}] }, { googleSearch: {} }, null],
      }),
    ).toEqual({ messagesField: "contents", messages: 1, tools: 5 });
  });
});

describe("request limit vars", () => {
  it("reads positive integers, falls back on unset or empty, and refuses anything else by name", () => {
    expect(limitFromVar("MAX_TOOLS", undefined, 7)).toBe(7);
    expect(limitFromVar("MAX_TOOLS", " ", 7)).toBe(7);
    expect(limitFromVar("MAX_TOOLS", "12", 7)).toBe(12);
    for (const bad of ["0", "-1", "1.5", "20MB", "1e400"]) {
      expect(() => limitFromVar("MAX_TOOLS", bad, 7)).toThrow(
        `The MAX_TOOLS var must be a positive integer, not '${bad}'.`,
      );
    }
    expect(requestLimitsOf({})).toEqual(DEFAULT_REQUEST_LIMITS);
    expect(requestLimitsOf({ MAX_MESSAGES: "5" }).maxMessages).toBe(5);
  });
});

describe("readBodyWithin", () => {
  const streamOf = (chunks: number[]) => {
    let index = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const size = chunks[index++];
        if (size === undefined) controller.close();
        else controller.enqueue(new Uint8Array(size).fill(0x61));
      },
    });
  };
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request("https://x.test/", { method: "POST", body, headers });

  it("reads a chunked body of exactly the limit, and refuses one byte more", async () => {
    expect((await readBodyWithin(post(streamOf([3, 4, 3])), 10))?.byteLength).toBe(10);
    expect(await readBodyWithin(post(streamOf([3, 4, 4])), 10)).toBeUndefined();
  });

  it("refuses a declared content-length past the limit, and answers an empty body as no bytes", async () => {
    expect(await readBodyWithin(post("x".repeat(5), { "content-length": "50" }), 10)).toBeUndefined();
    expect((await readBodyWithin(new Request("https://x.test/"), 10))?.byteLength).toBe(0);
  });
});

describe("assertConfigTextWithin", () => {
  it("measures UTF-8 bytes, not characters", () => {
    expect(() => assertConfigTextWithin("é".repeat(5), 10)).not.toThrow();
    expect(() => assertConfigTextWithin("é".repeat(6), 10)).toThrow(
      "A config may be at most 10 bytes (MAX_CONFIG_BYTES). This one is 12 bytes.",
    );
  });
});
