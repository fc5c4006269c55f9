import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { SpendRecord } from "../../../../workers/core/spend/spend-record.ts";
import { gatewayApp } from "../../../../workers/gateway/app.ts";
import { QueueSendCoalescer } from "../../../../workers/gateway/spend/queue-send-coalescer.ts";
import nonStreamFixture from "../../../fixtures/openai-chat/non-stream-text.json";
import { activateConfig, TEST_MASTER_KEY } from "../../../helpers/activate-config.ts";
import { mockUpstreams } from "../../../helpers/mock-upstream.ts";

/** A queue that records each call: `send` as a batch of one, `sendBatch` as the bodies it carried. */
function recordingQueue(options: { fail?: boolean } = {}) {
  const calls: Array<{ method: "send" | "sendBatch"; bodies: string[] }> = [];
  const queue = {
    send: async (body: string) => {
      if (options.fail) throw new Error("queue unavailable");
      calls.push({ method: "send", bodies: [body] });
    },
    sendBatch: async (messages: Iterable<MessageSendRequest<string>>) => {
      if (options.fail) throw new Error("queue unavailable");
      calls.push({ method: "sendBatch", bodies: [...messages].map((message) => message.body) });
    },
  };
  return { calls, queue: queue as unknown as Queue<string> };
}

describe("QueueSendCoalescer", () => {
  it("sends the messages of one window as one batch, in order, and resolves every sender", async () => {
    const { calls, queue } = recordingQueue();
    const coalescer = new QueueSendCoalescer(queue, { windowMs: 5 });
    const sent = ["a", "b", "c"].map((body) => coalescer.send(body));
    expect(calls).toEqual([]);
    await Promise.all(sent);
    expect(calls).toEqual([{ method: "sendBatch", bodies: ["a", "b", "c"] }]);
  });

  it("sends a lone message with a plain send", async () => {
    const { calls, queue } = recordingQueue();
    await new QueueSendCoalescer(queue, { windowMs: 1 }).send("only");
    expect(calls).toEqual([{ method: "send", bodies: ["only"] }]);
  });

  it("opens a new batch once one is full, and after one has left", async () => {
    const { calls, queue } = recordingQueue();
    const coalescer = new QueueSendCoalescer(queue, { windowMs: 5, maxMessages: 2 });
    await Promise.all(["a", "b", "c"].map((body) => coalescer.send(body)));
    await coalescer.send("d");
    expect(calls).toEqual([
      { method: "sendBatch", bodies: ["a", "b"] },
      { method: "send", bodies: ["c"] },
      { method: "send", bodies: ["d"] },
    ]);
  });

  it("rejects every sender of a batch the queue refused", async () => {
    const { queue } = recordingQueue({ fail: true });
    const coalescer = new QueueSendCoalescer(queue, { windowMs: 1 });
    const results = await Promise.allSettled([coalescer.send("a"), coalescer.send("b")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  });
});

describe("spend records of concurrent requests", () => {
  let upstream: ReturnType<typeof mockUpstreams> | undefined;
  afterEach(() => upstream?.restore());

  it("leave the isolate as one sendBatch, each request waiting for it", async () => {
    await activateConfig(`
model_list:
  - model_name: coalesced
    litellm_params:
      model: openai/gpt-4o
      api_base: https://coalesce.test/v1
      api_key: sk-upstream
general_settings:
  master_key: ${TEST_MASTER_KEY}
`);
    upstream = mockUpstreams({ "https://coalesce.test": () => Response.json(nonStreamFixture) });
    const { calls, queue } = recordingQueue();
    const sharedEnv = { ...env, SPEND_QUEUE: queue as unknown as Queue };
    const call = async () => {
      const ctx = createExecutionContext();
      const response = await gatewayApp.fetch(
        new Request("https://gateway.test/v1/chat/completions", {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "coalesced", messages: [{ role: "user", content: "hi" }] }),
        }),
        sharedEnv,
        ctx,
      );
      await response.text();
      await waitOnExecutionContext(ctx);
      return response.headers.get("x-request-id");
    };
    const requestIds = await Promise.all([call(), call(), call()]);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe("sendBatch");
    const records = (calls[0]?.bodies ?? []) as unknown as SpendRecord[];
    expect(records.map((record) => record.requestId).sort()).toEqual([...requestIds].sort());
    expect(records.every((record) => record.modelGroup === "coalesced" && record.status === 200)).toBe(true);
  });
});
