import { describe, expect, it } from "vitest";
import { coalesceByteChunks } from "../../../../workers/gateway/pipeline/coalesce-byte-chunks.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

function sourceOf(items: string[]): ReadableStream<string> {
  return new ReadableStream<string>({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
}

describe("coalesceByteChunks", () => {
  it("passes on what a stage writes for one input as one chunk, and its flush as another", async () => {
    const perLetter: Transformer<string, Uint8Array> = {
      transform(word, controller) {
        for (const letter of word) controller.enqueue(encode(`${letter};`));
      },
      flush: (controller) => controller.enqueue(encode("end")),
    };
    const chunks: string[] = [];
    for await (const chunk of sourceOf(["abc", "de"]).pipeThrough(new TransformStream(coalesceByteChunks(perLetter))))
      chunks.push(decode(chunk));
    expect(chunks).toEqual(["a;b;c;", "d;e;", "end"]);
  });

  it("releases what was written before the stage waits, without waiting for it", async () => {
    let release: () => void = () => {};
    const waiting: Transformer<string, Uint8Array> = {
      transform(word, controller) {
        controller.enqueue(encode(`${word}-before`));
        return new Promise<void>((resolve) => {
          release = () => {
            controller.enqueue(encode(`${word}-after`));
            resolve();
          };
        });
      },
    };
    const reader = sourceOf(["x"])
      .pipeThrough(new TransformStream(coalesceByteChunks(waiting)))
      .getReader();
    expect(decode((await reader.read()).value ?? new Uint8Array())).toBe("x-before");
    release();
    expect(decode((await reader.read()).value ?? new Uint8Array())).toBe("x-after");
  });
});
