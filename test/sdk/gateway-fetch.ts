import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { SpendRecord } from "../../workers/core/spend/spend-record.ts";
import { gatewayApp } from "../../workers/gateway/app.ts";

export interface GatewayFetch {
  /** A `fetch` for an SDK's `fetch` option: every call goes into the gateway app in-process. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The spend records the gateway queued, one per upstream exchange. */
  spendRecords: SpendRecord[];
  /** The headers of every request the SDK sent, and of every answer, in call order. */
  requestHeaders: Headers[];
  responseHeaders: Headers[];
  /** Waits for everything the gateway scheduled with waitUntil (spend recording). */
  settle(): Promise<void>;
}

/**
 * The SDKs talk to the gateway app directly, never through globalThis.fetch:
 * mockUpstreams replaces that one for the gateway's upstream calls, and the
 * SDK's own calls must not land in the upstream mock.
 */
export function createGatewayFetch(): GatewayFetch {
  const spendRecords: SpendRecord[] = [];
  const contexts: ExecutionContext[] = [];
  const requestHeaders: Headers[] = [];
  const responseHeaders: Headers[] = [];
  const capturingEnv: Env = {
    ...env,
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
  return {
    spendRecords,
    requestHeaders,
    responseHeaders,
    fetch: async (input, init) => {
      const ctx = createExecutionContext();
      contexts.push(ctx);
      const request = new Request(input, init);
      requestHeaders.push(request.headers);
      const response = await gatewayApp.fetch(request, capturingEnv, ctx);
      responseHeaders.push(response.headers);
      return response;
    },
    settle: async () => {
      await Promise.all(contexts.map((ctx) => waitOnExecutionContext(ctx)));
    },
  };
}
