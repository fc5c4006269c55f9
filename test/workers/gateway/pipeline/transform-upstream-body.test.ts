import { describe, expect, it } from "vitest";
import { transformUpstreamBody } from "../../../../workers/gateway/pipeline/transform-upstream-body.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

/** An upstream that counts its reads, and fails at `failAt` when given. */
function upstream(chunks: string[], options: { failAt?: number } = {}) {
  const state = { reads: 0, cancelled: undefined as unknown };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.reads === options.failAt) {
          controller.error(new Error("connection reset"));
          return;
        }
        const next = chunks[state.reads++];
        if (next === undefined) controller.close();
        else controller.enqueue(bytes(next));
      },
      cancel(reason) {
        state.cancelled = reason ?? "cancelled";
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

/** Upper-cases whole lines only (a partial line waits), and ends with "END". */
function lines(): Transformer<Uint8Array, string> {
  let carry = "";
  return {
    transform(chunk, controller) {
      const parts = (carry + text(chunk)).split("\n");
      carry = parts.pop() ?? "";
      for (const line of parts) controller.enqueue(line.toUpperCase());
    },
    flush(controller) {
      controller.enqueue(`END${carry === "" ? "" : ` (${carry})`}`);
    },
  };
}

async function readAll(stream: ReadableStream<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe("transformUpstreamBody", () => {
  it("passes the body through the transformer, waiting out chunks that complete nothing, then flushes", async () => {
    const { body } = upstream(["a", "b", "\nc\n", "d"]);
    const out = await readAll(transformUpstreamBody(body, lines(), () => {}));
    expect(out).toEqual(["AB", "C", "END (d)"]);
  });

  it("reads the upstream only as the client reads", async () => {
    const { body, state } = upstream(["one\n", "two\n", "three\n"]);
    const reader = transformUpstreamBody(body, lines(), () => {}).getReader();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(state.reads).toBe(0);
    expect((await reader.read()).value).toBe("ONE");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(state.reads).toBe(1);
  });

  it("ends cleanly after a failed read, telling why, with the transformer's closing", async () => {
    const { body } = upstream(["one\n", "tw"], { failAt: 2 });
    const errors: unknown[] = [];
    const out = await readAll(transformUpstreamBody(body, lines(), (error) => errors.push(error)));
    expect(out).toEqual(["ONE", "END (tw)"]);
    expect(String(errors[0])).toContain("connection reset");
  });

  it("ends the client's stream and lets the upstream go when the transformer terminates", async () => {
    const { body, state } = upstream(["keep\n", "stop\n", "never\n"]);
    const cutting: Transformer<Uint8Array, string> = {
      transform(chunk, controller) {
        const line = text(chunk).trim();
        controller.enqueue(line);
        if (line === "stop") controller.terminate();
      },
      flush: (controller) => controller.enqueue("flushed"),
    };
    expect(await readAll(transformUpstreamBody(body, cutting, () => {}))).toEqual(["keep", "stop"]);
    expect(state.cancelled).toBeDefined();
  });

  it("tells the transformer and the upstream when the client leaves", async () => {
    const { body, state } = upstream(["one\n", "two\n"]);
    let cancelledWith: unknown;
    const transformer = {
      ...lines(),
      cancel: (reason: unknown) => {
        cancelledWith = reason;
      },
    };
    const reader = transformUpstreamBody(body, transformer, () => {}).getReader();
    await reader.read();
    await reader.cancel("client left");
    expect(cancelledWith).toBe("client left");
    expect(state.cancelled).toBe("client left");
  });
});
