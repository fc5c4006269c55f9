import type { IrStreamPart } from "../../core/ir/stream-part.ts";
import type { Usage } from "../../core/ir/usage.ts";

export interface IrStreamMeterResult {
  usage: Usage | undefined;
  finished: boolean;
  errorCode: string | undefined;
}

export interface IrStreamMeterOptions {
  onFirstContent(): void;
  onEnd(result: IrStreamMeterResult): void;
}

/**
 * Sits between a provider's decoder and the client's encoder on translated
 * streams: notes time to first token and the latest usage, and guarantees the
 * encoder sees a complete stream — a decoder that ends without `finish`
 * (upstream cut mid-way) gets an `error` and a `finish` appended, so the
 * client always receives its format's closing events.
 */
export function createIrStreamMeter(options: IrStreamMeterOptions): TransformStream<IrStreamPart, IrStreamPart> {
  let usage: Usage | undefined;
  let finished = false;
  let errorCode: string | undefined;
  let sawContent = false;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    options.onEnd({ usage, finished, errorCode });
  };

  return new TransformStream<IrStreamPart, IrStreamPart>({
    transform(part, controller) {
      switch (part.type) {
        case "text-delta":
        case "reasoning-delta":
        case "tool-call-start":
          if (!sawContent) {
            sawContent = true;
            options.onFirstContent();
          }
          break;
        case "usage":
          usage = part.usage;
          break;
        case "finish":
          usage = part.usage;
          finished = true;
          break;
        case "error":
          errorCode = part.code;
          break;
        default:
          break;
      }
      controller.enqueue(part);
    },
    flush(controller) {
      if (!finished) {
        errorCode ??= "stream_truncated";
        controller.enqueue({ type: "error", code: "upstream_error", message: "The upstream stream ended early." });
        const fallbackUsage = usage ?? {
          inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 0, text: 0, reasoning: 0 },
        };
        controller.enqueue({ type: "finish", finishReason: "error", usage: fallbackUsage });
      }
      settle();
    },
    cancel() {
      settle();
    },
  });
}
