import { z } from "zod";
import type { ModelPrice } from "./model-price.ts";

const perToken = z.number().nonnegative();

/**
 * A normalized ModelPrice as stored in D1 (`model_prices.price_json`). Strict,
 * because Switchyard wrote it: a row that does not match was not written by
 * this version and is skipped rather than priced wrongly.
 */
export const modelPriceSchema = z.strictObject({
  inputPerToken: perToken,
  outputPerToken: perToken,
  cacheReadPerToken: perToken.optional(),
  cacheWritePerToken: perToken.optional(),
  longContext: z
    .strictObject({
      thresholdTokens: z.number().int().positive(),
      inputPerToken: perToken,
      outputPerToken: perToken,
      cacheReadPerToken: perToken.optional(),
      cacheWritePerToken: perToken.optional(),
    })
    .optional(),
  mode: z.string().optional(),
  maxInputTokens: z.number().optional(),
}) satisfies z.ZodType<ModelPrice>;
