import { emptyUsage, type Usage } from "../ir/usage.ts";

/**
 * What to charge for a stream that ended before the upstream's final usage
 * (cut by the budget, client gone, upstream broken): the reported figures
 * where the upstream gave them, else the gateway's estimates — never less
 * than what was produced. Input counts whenever the upstream started
 * answering, since the provider bills the whole prompt.
 */
export function chargeableUsage(
  reported: Usage | undefined,
  estimate: { inputTokens: number; outputTokens: number },
): Usage {
  const usage = reported ?? emptyUsage();
  const input =
    usage.inputTokens.total > 0
      ? usage.inputTokens
      : { total: estimate.inputTokens, noCache: estimate.inputTokens, cacheRead: 0, cacheWrite: 0 };
  const outputTotal = Math.max(usage.outputTokens.total, estimate.outputTokens);
  const output =
    outputTotal === usage.outputTokens.total
      ? usage.outputTokens
      : {
          total: outputTotal,
          text: outputTotal - usage.outputTokens.reasoning,
          reasoning: usage.outputTokens.reasoning,
        };
  return { ...usage, inputTokens: input, outputTokens: output };
}
