import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { SpendRecord } from "../../workers/core/spend/spend-record.ts";
import { gatewayApp } from "../../workers/gateway/app.ts";

/**
 * Calls the gateway app in-process with a capturing spend queue, then waits
 * for everything it scheduled with waitUntil, so spend records can be asserted.
 * `envOverrides` replaces bindings or vars for this one call.
 */
export async function callGateway(path: string, init: RequestInit = {}, envOverrides: Partial<Env> = {}) {
  const spendRecords: SpendRecord[] = [];
  const capturingEnv: Env = {
    ...env,
    ...envOverrides,
    SPEND_QUEUE: {
      send: async (record: SpendRecord) => {
        spendRecords.push(record);
      },
      // Records of calls close together leave the gateway as one batch (queue-send-coalescer.ts).
      sendBatch: async (messages: Iterable<MessageSendRequest<SpendRecord>>) => {
        for (const message of messages) spendRecords.push(message.body);
      },
    } as unknown as Queue,
  };
  const ctx = createExecutionContext();
  const response = await gatewayApp.fetch(new Request(`https://gateway.test${path}`, init), capturingEnv, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, text, json: () => JSON.parse(text) as unknown, spendRecords };
}
