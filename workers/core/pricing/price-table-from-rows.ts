import type { ModelPrice } from "./model-price.ts";
import { modelPriceSchema } from "./model-price-schema.ts";
import { BUILTIN_PRICE_LOOKUP, type PriceTableLookup, priceTableLookup } from "./price-table-lookup.ts";

export interface StoredPriceRow {
  model: string;
  priceJson: unknown;
}

/**
 * The lookup for an imported table as read from D1 (`model_prices` at
 * `version`). Version 0 means nothing was ever imported: the built-in table
 * alone. Rows that do not parse are left out (named in `invalid`), so one bad
 * row costs that model its imported price, not the gateway its config.
 */
export function priceTableFromRows(
  rows: readonly StoredPriceRow[],
  version: number,
): { lookup: PriceTableLookup; invalid: string[] } {
  if (version === 0 && rows.length === 0) return { lookup: BUILTIN_PRICE_LOOKUP, invalid: [] };
  const prices = new Map<string, ModelPrice>();
  const invalid: string[] = [];
  for (const row of rows) {
    const parsed = modelPriceSchema.safeParse(row.priceJson);
    if (parsed.success) prices.set(row.model, parsed.data);
    else invalid.push(row.model);
  }
  return { lookup: priceTableLookup(prices, version), invalid };
}
