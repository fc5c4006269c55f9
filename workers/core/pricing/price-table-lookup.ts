import { BUILTIN_PRICES } from "./builtin-prices.ts";
import type { ModelPrice } from "./model-price.ts";

/** Which table a price came from: an import into D1 (LiteLLM's cost map), or the table built into the code. */
export type PriceTableSource = "imported" | "builtin";

export interface PriceTableMatch {
  /** The table key that matched, as LiteLLM names the model. */
  key: string;
  price: ModelPrice;
  source: PriceTableSource;
}

/**
 * The price tables a config is resolved against: imported prices first, the
 * built-in table as the fallback for anything the import lacks (or when
 * nothing was imported). Passed explicitly, never global, so each resolved
 * config says which prices it was built with.
 */
export interface PriceTableLookup {
  /** `price_table_versions.version` of the imported prices; 0 when none are. */
  readonly version: number;
  readonly importedCount: number;
  find(provider: string, model: string): PriceTableMatch | undefined;
}

/**
 * The keys `provider/model` may be listed under, most specific first: LiteLLM
 * keys some entries with the provider prefix (`gemini/gemini-2.5-pro`) and
 * most without (`gpt-4o`, `anthropic.claude-…-v1:0` for Bedrock).
 */
export function priceTableKeys(provider: string, model: string): [string, string] {
  return [`${provider}/${model}`, model];
}

function findIn(table: ReadonlyMap<string, ModelPrice>, keys: readonly string[], source: PriceTableSource) {
  for (const key of keys) {
    const price = table.get(key);
    if (price !== undefined) return { key, price, source };
  }
  return undefined;
}

/**
 * A lookup over `imported` (may be empty) with the built-in table behind it.
 * The imported table is consulted under every key before the built-in one,
 * so a newer imported bare-name price beats a built-in prefixed entry.
 */
export function priceTableLookup(
  imported: ReadonlyMap<string, ModelPrice> = new Map(),
  version = 0,
  builtin: ReadonlyMap<string, ModelPrice> = BUILTIN_PRICES,
): PriceTableLookup {
  return {
    version,
    importedCount: imported.size,
    find(provider, model) {
      const keys = priceTableKeys(provider, model);
      return findIn(imported, keys, "imported") ?? findIn(builtin, keys, "builtin");
    },
  };
}

/** Only the built-in table: what a config resolves against before (or without) any import. */
export const BUILTIN_PRICE_LOOKUP: PriceTableLookup = priceTableLookup();
