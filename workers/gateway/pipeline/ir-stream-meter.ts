import { chargeableUsage } from "../../core/budget/chargeable-usage.ts";
import type { StreamBudgetMeter } from "../../core/budget/stream-budget-meter.ts";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import type { IrStreamPart } from "../../core/ir/stream-part.ts";
import { emptyUsage, type Usage } from "../../core/ir/usage.ts";

export interface IrStreamMeterResult {
  usage: Usage | undefined;
  finished: boolean;
  errorCode: string | undefined;
  /** The budget ran out and the stream was ended early, cleanly. */
  cutByBudget: boolean;
}

export interface IrStreamMeterOptions {
  onFirstContent(): void;
  onEnd(result: IrStreamMeterResult): void;
  /** Budget metering of the output, when the request's scopes hold reservations. */
  budget?: { meter: StreamBudgetMeter; clientFormat: ApiFormat };
}

const END_OF: Partial<Record<IrStreamPart["type"], IrStreamPart["type"]>> = {
  "text-start": "text-end",
  "reasoning-start": "reasoning-end",
  "tool-call-start": "tool-call-end",
};

/**
 * Sits between a provider's decoder and the client's encoder on translated
 * streams: notes time to first token and the latest usage, and guarantees the
 * encoder sees a complete stream — a decoder that ends without `finish`
 * (upstream cut mid-way) gets an `error` and a `finish` appended, so the
 * client always receives its format's closing events.
 *
 * With a budget it also meters the output; when a scope refuses the next
 * slice it closes the open blocks and finishes with reason `length` (the
 * client's max-tokens stop), and for Responses clients first an error
 * `budget_exceeded`, which becomes `response.failed` with `insufficient_quota`
 * — the code Codex stops on instead of retrying.
 */
export function irStreamMeterTransformer(options: IrStreamMeterOptions): Transformer<IrStreamPart, IrStreamPart> {
  let usage: Usage | undefined;
  let finished = false;
  let errorCode: string | undefined;
  let sawContent = false;
  let settled = false;
  let cutByBudget = false;
  const open = new Map<number, IrStreamPart["type"]>();
  const settle = () => {
    if (settled) return;
    settled = true;
    options.onEnd({ usage, finished, errorCode, cutByBudget });
  };
  const budget = options.budget;

  const cut = (controller: TransformStreamDefaultController<IrStreamPart>) => {
    if (budget === undefined) return;
    cutByBudget = true;
    for (const [index, endType] of open) controller.enqueue({ type: endType, index } as IrStreamPart);
    open.clear();
    if (budget.clientFormat === "openai-responses") {
      controller.enqueue({
        type: "error",
        code: "budget_exceeded",
        message: "The budget ran out while this response was being generated.",
      });
    }
    usage = chargeableUsage(usage, budget.meter);
    controller.enqueue({ type: "finish", finishReason: "length", usage });
    finished = true;
    settle();
    controller.terminate();
  };

  return {
    transform(part, controller) {
      switch (part.type) {
        case "text-delta":
        case "reasoning-delta":
          budget?.meter.addOutput(part.delta.length);
          break;
        case "tool-call-delta":
          budget?.meter.addOutput(part.argumentsDelta.length);
          break;
        case "response-start":
          // Anthropic reports input tokens up front: known even if the stream never finishes.
          if (part.usage !== undefined) usage = part.usage;
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
      if (
        !sawContent &&
        (part.type === "text-delta" || part.type === "reasoning-delta" || part.type === "tool-call-start")
      ) {
        sawContent = true;
        options.onFirstContent();
      }
      const endType = END_OF[part.type];
      if (endType !== undefined && "index" in part) open.set(part.index, endType);
      else if (
        "index" in part &&
        (part.type === "text-end" || part.type === "reasoning-end" || part.type === "tool-call-end")
      )
        open.delete(part.index);
      controller.enqueue(part);
      if (budget === undefined || finished || !budget.meter.needsCheck()) return;
      return budget.meter.check().then((verdict) => {
        if (verdict === "cut") cut(controller);
      });
    },
    flush(controller) {
      if (!finished) {
        errorCode ??= "stream_truncated";
        controller.enqueue({ type: "error", code: "upstream_error", message: "The upstream stream ended early." });
        controller.enqueue({ type: "finish", finishReason: "error", usage: usage ?? emptyUsage() });
      }
      settle();
    },
    cancel() {
      settle();
    },
  };
}

/** The meter as a stream of its own. */
export function createIrStreamMeter(options: IrStreamMeterOptions): TransformStream<IrStreamPart, IrStreamPart> {
  return new TransformStream(irStreamMeterTransformer(options));
}
