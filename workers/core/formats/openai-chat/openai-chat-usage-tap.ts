import type { Usage } from "../../ir/usage.ts";
import { SseDecoder } from "../../sse/sse-decoder.ts";
import { encodeSseEvent } from "../../sse/sse-event.ts";
import { convertOpenAiChatUsage } from "./convert-openai-chat-usage.ts";
import { openAiChatChunkSchema } from "./openai-chat-api.ts";

export interface OpenAiChatUsageTapOptions {
  /**
   * The gateway asks upstreams for `stream_options.include_usage` so cost is
   * always known. When the client did not ask for it, the usage-only chunk
   * (empty `choices`) is withheld so the client sees the stream it requested.
   */
  dropUsageOnlyChunk: boolean;
  onFirstEvent: () => void;
  onEnd: (result: { usage: Usage | undefined; sawDone: boolean; finishReason: string | undefined }) => void;
}

/**
 * Same-format stream pass-through: events are re-emitted as they arrive, and
 * only chunks that carry `usage` or a `finish_reason` are parsed.
 */
export function createOpenAiChatUsageTap(options: OpenAiChatUsageTapOptions): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new SseDecoder();
  let usage: Usage | undefined;
  let sawDone = false;
  let sawFirst = false;
  let finishReason: string | undefined;

  const handle = (controller: TransformStreamDefaultController<Uint8Array>, events: ReturnType<SseDecoder["push"]>) => {
    for (const event of events) {
      if (!sawFirst) {
        sawFirst = true;
        options.onFirstEvent();
      }
      if (event.data === "[DONE]") {
        sawDone = true;
        controller.enqueue(encodeSseEvent(event));
        continue;
      }
      const mayCarryUsage = event.data.includes('"usage"');
      const mayCarryFinish = event.data.includes('"finish_reason"');
      if (mayCarryUsage || mayCarryFinish) {
        const parsed = safeParseChunk(event.data);
        if (parsed?.usage) usage = convertOpenAiChatUsage(parsed.usage);
        const reason = firstFinishReason(parsed?.choices);
        if (reason !== undefined) finishReason = reason;
        if (options.dropUsageOnlyChunk && parsed?.usage && (parsed.choices?.length ?? 0) === 0) continue;
      }
      controller.enqueue(encodeSseEvent(event));
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      handle(controller, decoder.push(chunk));
    },
    flush(controller) {
      handle(controller, decoder.end());
      options.onEnd({ usage, sawDone, finishReason });
    },
  });
}

function safeParseChunk(data: string) {
  try {
    const result = openAiChatChunkSchema.safeParse(JSON.parse(data));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function firstFinishReason(choices: unknown[] | null | undefined): string | undefined {
  for (const choice of choices ?? []) {
    if (typeof choice === "object" && choice !== null && "finish_reason" in choice) {
      const reason = (choice as { finish_reason: unknown }).finish_reason;
      if (typeof reason === "string") return reason;
    }
  }
  return undefined;
}
