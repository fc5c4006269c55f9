import type { ModelPrice } from "../pricing/model-price.ts";
import { costOfTokens, estimateOutputTokens } from "./estimate-request-cost.ts";

export interface StreamBudgetMeterOptions {
  /** The deployment's price; undefined = unpriced, which the unknown-price policy already let through. */
  pricing: ModelPrice | undefined;
  /** Estimated input tokens (estimateInputTokens), charged up front. */
  inputTokens: number;
  /** Output tokens per slice: the size of each top-up, and so the most one request can overshoot by. */
  sliceTokens: number;
  /** USD already held for this request (the initial slice). */
  grantedUsd: number;
  /** Asks every scope for `amountUsd` more; false when any scope cannot grant it. */
  extend(amountUsd: number, tokens: number): Promise<boolean>;
}

export type MeterVerdict = "continue" | "cut";

/**
 * Meters one response's output against what its budget scopes have granted.
 * The gateway calls `addOutput` with the characters of each chunk it passes
 * on, then `check`: while the estimated cost stays half a slice under the
 * grant nothing waits; below that the next slice is requested in the
 * background; only a chunk that crosses the grant waits for that answer, and
 * if a scope refused, the verdict is "cut" — end the stream cleanly. The
 * client therefore receives at most the grant plus the chunk that crossed
 * it, and the grant never exceeds the budget (the Durable Object refuses).
 */
export class StreamBudgetMeter {
  private grantedUsd: number;
  private outputCharacters = 0;
  private pending: Promise<boolean> | undefined;
  private refused = false;
  private readonly sliceUsd: number;
  private readonly options: StreamBudgetMeterOptions;

  constructor(options: StreamBudgetMeterOptions) {
    this.options = options;
    this.grantedUsd = options.grantedUsd;
    this.sliceUsd = costOfTokens(options.pricing, 0, options.sliceTokens) ?? 0;
  }

  addOutput(characters: number): void {
    this.outputCharacters += characters;
  }

  get inputTokens(): number {
    return this.options.inputTokens;
  }

  get outputTokens(): number {
    return estimateOutputTokens(this.outputCharacters);
  }

  /** The estimated cost of what was produced so far; undefined when unpriced. */
  producedUsd(): number | undefined {
    return costOfTokens(this.options.pricing, this.options.inputTokens, this.outputTokens);
  }

  get granted(): number {
    return this.grantedUsd;
  }

  /** Whether a check may have to wait or cut: lets callers skip the promise on most chunks. */
  needsCheck(): boolean {
    const produced = this.producedUsd();
    return produced !== undefined && this.sliceUsd > 0 && produced + this.sliceUsd / 2 > this.grantedUsd;
  }

  async check(): Promise<MeterVerdict> {
    for (;;) {
      const produced = this.producedUsd();
      if (produced === undefined || this.sliceUsd === 0) return "continue";
      if (produced + this.sliceUsd / 2 <= this.grantedUsd) return "continue";
      if (this.pending === undefined && !this.refused) this.pending = this.requestSlice();
      if (produced <= this.grantedUsd) return "continue";
      if (this.pending !== undefined) await this.pending;
      if (this.refused) return "cut";
    }
  }

  /** A top-up that fails (the counter unreachable) counts as refused: the stream ends cleanly rather than erroring. */
  private async requestSlice(): Promise<boolean> {
    let granted = false;
    try {
      granted = await this.options.extend(this.sliceUsd, this.options.sliceTokens);
    } catch {
      granted = false;
    }
    this.pending = undefined;
    if (granted) this.grantedUsd += this.sliceUsd;
    else this.refused = true;
    return granted;
  }
}
