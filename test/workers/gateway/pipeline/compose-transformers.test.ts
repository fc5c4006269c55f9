import { describe, expect, it } from "vitest";
import { composeTransformers } from "../../../../workers/gateway/pipeline/compose-transformers.ts";

function source(chunks: string[], onCancel: () => void = () => {}): ReadableStream<string> {
  let index = 0;
  return new ReadableStream<string>({
    pull(controller) {
      const next = chunks[index++];
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
    cancel: onCancel,
  });
}

async function readAll(stream: ReadableStream<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

/** Splits each chunk into its characters, then says it ended. */
const letters = (): Transformer<string, string> => ({
  transform(chunk, controller) {
    for (const letter of chunk) controller.enqueue(letter);
  },
  flush(controller) {
    controller.enqueue("<end of letters>");
  },
});

describe("composeTransformers", () => {
  it("hands what the first stage produces to the second, in order, and flushes both in turn", async () => {
    const upper: Transformer<string, string> = {
      transform: (chunk, controller) => controller.enqueue(chunk.toUpperCase()),
      flush: (controller) => controller.enqueue("<end of upper>"),
    };
    const out = await readAll(
      source(["ab", "c"]).pipeThrough(new TransformStream(composeTransformers(letters(), upper))),
    );
    expect(out).toEqual(["A", "B", "C", "<END OF LETTERS>", "<end of upper>"]);
  });

  it("lets a waiting second stage hold what follows, without holding what it already passed on", async () => {
    let release: () => void = () => {};
    const seen: string[] = [];
    const gate: Transformer<string, string> = {
      transform(chunk, controller) {
        controller.enqueue(chunk);
        seen.push(chunk);
        if (chunk === "a") return new Promise<void>((resolve) => (release = resolve));
        return undefined;
      },
    };
    const reader = source(["abc"])
      .pipeThrough(new TransformStream(composeTransformers(letters(), gate)))
      .getReader();
    expect((await reader.read()).value).toBe("a");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual(["a"]);
    release();
    expect((await reader.read()).value).toBe("b");
    expect((await reader.read()).value).toBe("c");
  });

  it("ends the stream when the second stage terminates it, and cancels the source", async () => {
    let cancelled = false;
    const cut: Transformer<string, string> = {
      transform(chunk, controller) {
        controller.enqueue(chunk);
        if (chunk === "b") {
          controller.enqueue("<cut>");
          controller.terminate();
        }
      },
      flush: (controller) => controller.enqueue("<flushed>"),
    };
    const out = await readAll(
      source(["ab", "cd", "ef"], () => {
        cancelled = true;
      }).pipeThrough(new TransformStream(composeTransformers(letters(), cut))),
    );
    expect(out).toEqual(["a", "b", "<cut>"]);
    expect(cancelled).toBe(true);
  });

  it("flushes the second stage when the first terminates, so its closing still goes out", async () => {
    const stopAtX: Transformer<string, string> = {
      transform(chunk, controller) {
        if (chunk === "x") controller.terminate();
        else controller.enqueue(chunk);
      },
    };
    const closing: Transformer<string, string> = {
      transform: (chunk, controller) => controller.enqueue(chunk),
      flush: (controller) => controller.enqueue("<closing>"),
    };
    const out = await readAll(
      source(["a", "x", "b"]).pipeThrough(new TransformStream(composeTransformers(stopAtX, closing))),
    );
    expect(out).toEqual(["a", "<closing>"]);
  });

  it("tells both stages when the reader cancels", async () => {
    const cancelled: string[] = [];
    const stage = (name: string): Transformer<string, string> => ({
      transform: (chunk, controller) => controller.enqueue(chunk),
      cancel: () => {
        cancelled.push(name);
      },
    });
    const reader = source(["a", "b", "c"])
      .pipeThrough(new TransformStream(composeTransformers(stage("first"), stage("second"))))
      .getReader();
    await reader.read();
    await reader.cancel("client left");
    expect(cancelled.sort()).toEqual(["first", "second"]);
  });
});
