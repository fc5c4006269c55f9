import { Hono } from "hono";
import { z } from "zod";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import { BUILTIN_PRICES } from "../../core/pricing/builtin-prices.ts";
import { importLitellmCostMap } from "../../core/pricing/import-litellm-cost-map.ts";
import { litellmPriceFields } from "../../core/pricing/litellm-price-fields.ts";
import { priceTableKeys, priceTableLookup } from "../../core/pricing/price-table-lookup.ts";
import { splitProviderModel } from "../../core/providers/split-provider-model.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { requireAdmin } from "../authorize.ts";
import { findImportedPrices, latestPriceTableVersion, replaceModelPrices } from "../model-price-table.ts";

/** LiteLLM's cost map is ~1.4 MB and growing; the generic admin body limit (256 KB) is for small JSON bodies. */
const MAX_COST_MAP_BYTES = 16 * 1024 * 1024;

const importQuerySchema = z.object({ source: z.string().min(1).max(200).optional() });
const lookupQuerySchema = z.object({ model: z.string().min(1).max(300).optional() });

function parseQuery<Schema extends z.ZodType>(schema: Schema, query: Record<string, string>): z.infer<Schema> {
  const result = schema.safeParse(query, { reportInput: true });
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data;
}

async function readCostMap(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const tooLarge = () =>
    new GatewayError("payload_too_large", `A cost map may be at most ${MAX_COST_MAP_BYTES / 1024 / 1024} MB.`);
  if (declared > MAX_COST_MAP_BYTES) throw tooLarge();
  const text = await request.text();
  if (text.length > MAX_COST_MAP_BYTES) throw tooLarge();
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError("invalid_json", "We could not parse the JSON body of your request.");
  }
}

function countByReason(skipped: ReadonlyArray<{ reason: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { reason } of skipped) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

const isoTime = (millis: number) => new Date(millis).toISOString();

/**
 * The price table behind deployment pricing (config fields > imported > built-in).
 * POST /model_prices/import takes LiteLLM's `model_prices_and_context_window.json`
 * as the body and replaces the imported prices; DELETE /model_prices drops them
 * (back to the built-in table); GET /model_prices shows the table's version, or
 * with `?model=` one model's effective table price and where it comes from.
 * Gateways pick up a change within CONFIG_REFRESH_MS.
 */
export const priceRoutes = new Hono<AdminHonoEnv>()
  .post("/model_prices/import", async (c) => {
    requireAdmin(c.get("actor"));
    const { source } = parseQuery(importQuerySchema, c.req.query());
    const document = await readCostMap(c.req.raw);
    const imported = importLitellmCostMap(document);
    if (imported.prices.size === 0) {
      const rootProblem = imported.skipped.find((entry) => entry.model === "(root)");
      throw new GatewayError(
        "invalid_request",
        rootProblem === undefined
          ? "The document lists no model with per-token prices; nothing was imported."
          : "The body must be a JSON object keyed by model name, as LiteLLM's model_prices_and_context_window.json.",
      );
    }
    const version = await replaceModelPrices(c.env.DB, {
      prices: imported.prices,
      skippedCount: imported.skipped.length,
      source: source ?? "admin-api",
      importedBy: c.get("actor").label,
    });
    // Built-in prices still apply to what the import lacks; say so, since it is easy to miss.
    const notImported = [...BUILTIN_PRICES.keys()].filter((model) => !imported.prices.has(model));
    const warnings = [
      ...imported.warnings,
      ...notImported.map((model) => `${model}: not in the import; its built-in price still applies`),
    ];
    return c.json(
      {
        version,
        imported: imported.prices.size,
        skipped: imported.skipped.length,
        skipped_by_reason: countByReason(imported.skipped),
        skipped_models: imported.skipped,
        warnings,
      },
      201,
    );
  })
  .delete("/model_prices", async (c) => {
    requireAdmin(c.get("actor"));
    const version = await replaceModelPrices(c.env.DB, {
      prices: new Map(),
      skippedCount: 0,
      source: "cleared",
      importedBy: c.get("actor").label,
    });
    return c.json({ version, imported: 0 });
  })
  .get("/model_prices", async (c) => {
    const { model } = parseQuery(lookupQuerySchema, c.req.query());
    const latest = await latestPriceTableVersion(c.env.DB);
    const table = {
      price_table_version: latest?.version ?? 0,
      imported_models: latest?.modelCount ?? 0,
      builtin_models: BUILTIN_PRICES.size,
    };
    if (model === undefined) {
      return c.json({
        ...table,
        ...(latest === undefined
          ? {}
          : { source: latest.source, imported_by: latest.importedBy, imported_at: isoTime(latest.importedAt) }),
      });
    }
    const { provider, model: bare } = splitProviderModel(model);
    const rows = await findImportedPrices(c.env.DB, priceTableKeys(provider, bare));
    const lookup = priceTableLookup(new Map(rows.map((row) => [row.model, row.price])), table.price_table_version);
    const match = lookup.find(provider, bare);
    if (match !== undefined) {
      const row = rows.find((candidate) => candidate.model === match.key);
      return c.json({
        model,
        key: match.key,
        source: match.source,
        price: litellmPriceFields(match.price),
        ...(match.source === "imported" && row !== undefined
          ? { imported_from: row.source, imported_by: row.importedBy, imported_at: isoTime(row.importedAt) }
          : {}),
        ...table,
      });
    }
    throw notFound(`A price for '${model}'`);
  });
