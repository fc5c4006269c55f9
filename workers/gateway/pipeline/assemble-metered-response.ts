import { chargeableUsage } from "../../core/budget/chargeable-usage.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { OutboundFormatAdapter } from "../../core/formats/format-registry.ts";
import { IrResponseAssembler } from "../../core/ir/ir-response-assembler.ts";
import type { IrResponse } from "../../core/ir/response.ts";
import type { IrStreamPart } from "../../core/ir/stream-part.ts";
import { computeCostUsd } from "../../core/pricing/compute-cost.ts";
import { closeOnReadError } from "./close-on-read-error.ts";
import { createIrStreamMeter } from "./ir-stream-meter.ts";
import { budgetMeterFor, type ModelRequestScope, record } from "./model-request-scope.ts";

/**
 * Serves a non-streaming request from an upstream stream the gateway asked
 * for, so its output is metered slice by slice like a streamed one: decode →
 * meter (which may end it early with reason `length` when the budget runs
 * out) → assemble one IrResponse. Nothing reached the client yet, so a stream
 * that breaks is a retryable upstream failure (retry, fallback), not a
 * half-answer.
 */
export async function assembleMeteredResponse(
  scope: ModelRequestScope,
  body: ReadableStream<Uint8Array>,
  target: OutboundFormatAdapter,
): Promise<{ response: IrResponse; costHeader: string }> {
  const assembler = new IrResponseAssembler();
  const budgetMeter = budgetMeterFor(scope);
  let outcome: { usage: IrResponse["usage"] | undefined; clean: boolean; cut: boolean } | undefined;
  let readFailed = false;
  const meter = createIrStreamMeter({
    onFirstContent: () => {},
    onEnd: ({ usage, finished, errorCode, cutByBudget }) => {
      outcome = { usage, clean: finished && errorCode === undefined, cut: cutByBudget };
    },
    ...(budgetMeter === undefined ? {} : { budget: { meter: budgetMeter, clientFormat: scope.inbound.format } }),
  });
  await closeOnReadError(body, () => {
    readFailed = true;
  })
    .pipeThrough(target.createStreamDecoder())
    .pipeThrough(meter)
    .pipeTo(
      new WritableStream<IrStreamPart>({
        write(part) {
          assembler.push(part);
        },
      }),
    );
  const ended = outcome;
  if (ended === undefined || readFailed || (!ended.clean && !ended.cut)) {
    throw new GatewayError("upstream_error", `The ${scope.deployment.provider} upstream stream broke off.`, {
      provider: scope.deployment.provider,
      isRetryable: true,
    });
  }
  const response = assembler.result();
  const usage = ended.cut && budgetMeter !== undefined ? chargeableUsage(ended.usage, budgetMeter) : response.usage;
  const recorded = record(scope, { status: 200, usage, ...(ended.cut ? { errorKind: "budget_exceeded" } : {}) });
  const priced = computeCostUsd(usage, scope.deployment.pricing) !== undefined;
  return { response: { ...response, usage }, costHeader: priced ? String(recorded.costUsd) : "unknown" };
}
