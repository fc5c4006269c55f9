import { describe, expect, it } from "vitest";
import { SecretReplacer } from "../../../workers/core/vault/secret-replacer.ts";
import { secretVariants } from "../../../workers/core/vault/secret-variants.ts";

const SECRET = ["ghp", "Xy7Kp2Qw9Lm4Nb8Vc3Rt6", "s/+é"].join("_");
const STUB = "sy_stub_0123456789abcdef_abcdefghijklmnopqrstuvwx";

async function streamed(replacer: SecretReplacer, chunks: string[]): Promise<string> {
  const encoder = new TextEncoder();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(source.pipeThrough(replacer.stream())).text();
}

describe("secretVariants", () => {
  it("covers the raw, percent-encoded, JSON-escaped and base64 spellings", () => {
    const variants = secretVariants(SECRET);
    expect(variants).toContain(SECRET);
    expect(variants).toContain(encodeURIComponent(SECRET));
    expect(variants).toContain(encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    expect(variants).toContain(JSON.stringify(SECRET).slice(1, -1));
    expect([...variants].sort((a, b) => b.length - a.length)).toEqual(variants);
  });
});

describe("SecretReplacer", () => {
  const replacer = new SecretReplacer([{ secret: SECRET, stub: STUB }]);

  it("finds the secret base64-encoded at every alignment, standard and URL-safe", () => {
    for (const prefix of ["", "u", "us", "use", "user:", "x-access-token:"]) {
      for (const suffix of ["", "!", "!?"]) {
        const encoded = btoa(String.fromCharCode(...new TextEncoder().encode(`${prefix}${SECRET}${suffix}`)));
        const urlSafe = encoded.replace(/\+/g, "-").replace(/\//g, "_");
        for (const text of [encoded, urlSafe]) {
          const replaced = replacer.replaceInText(`Basic ${text}`);
          expect(replaced, `${prefix}|${suffix}`).toContain(STUB);
          // What is left of the encoding is at most the characters shared with the prefix and suffix.
          expect(replaced.length).toBeLessThan(text.length + STUB.length);
        }
      }
    }
  });

  it("replaces every spelling in text, and leaves text without the secret alone", () => {
    const text = `a ${SECRET} b ${encodeURIComponent(SECRET)} c ${JSON.stringify({ token: SECRET })}`;
    const replaced = replacer.replaceInText(text);
    expect(replaced).toBe(`a ${STUB} b ${STUB} c {"token":"${STUB}"}`);
    expect(replacer.replaceInText("nothing to see")).toBe("nothing to see");
  });

  it("replaces secrets split across chunk boundaries at every position", async () => {
    const text = `{"echo":"Bearer ${SECRET}","again":"${SECRET}${SECRET}","tail":"ok"}`;
    const expected = replacer.replaceInText(text);
    expect(expected).not.toContain(SECRET);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await streamed(replacer, [text.slice(0, cut), text.slice(cut)])).toBe(expected);
    }
    expect(await streamed(replacer, [...text])).toBe(expected);
  });

  it("streams unrelated bytes through unchanged, including multi-byte characters cut in half", async () => {
    const bytes = new TextEncoder().encode("héllo wörld ✓ ".repeat(50));
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 5) controller.enqueue(bytes.slice(offset, offset + 5));
        controller.close();
      },
    });
    const output = new Uint8Array(await new Response(source.pipeThrough(replacer.stream())).arrayBuffer());
    expect(output).toEqual(bytes);
  });

  it("holds back only a tail that could start a secret, so stream events are not delayed", async () => {
    const stream = replacer.stream();
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const decoder = new TextDecoder();
    void writer.write(new TextEncoder().encode("data: {}\n\n"));
    expect(decoder.decode((await reader.read()).value)).toBe("data: {}\n\n");
    void writer.write(new TextEncoder().encode(`data: ${SECRET.slice(0, 6)}`));
    expect(decoder.decode((await reader.read()).value)).toBe("data: ");
    void writer.write(new TextEncoder().encode(`${SECRET.slice(6)}\n\n`));
    void writer.close();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(rest).toBe(`${STUB}\n\n`);
  });

  it("replaces the secrets of several credentials by their own stubs", () => {
    const other = "sk_live_0123456789abcdefOTHER";
    const both = new SecretReplacer([
      { secret: SECRET, stub: STUB },
      { secret: other, stub: "sy_stub_other" },
    ]);
    expect(both.replaceInText(`${other} ${SECRET}`)).toBe(`sy_stub_other ${STUB}`);
  });
});
