import { Hono } from "hono";
import { maskConfigSecrets } from "../../core/config/mask-config-secrets.ts";
import { detectConfigFormat, parseConfigText } from "../../core/config/parse-config-text.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { requireAdmin } from "../authorize.ts";
import { activateConfigVersion, getActiveConfigVersion, listConfigVersions } from "../config-versions.ts";
import { assertConfigStorable, prepareConfigForStorage } from "../prepare-config-for-storage.ts";
import { readConfigText } from "../read-config-text.ts";

/**
 * POST /config (YAML or JSON body) validates and activates a LiteLLM config;
 * `?dry_run=true` only validates. GET /config shows the active version with
 * secrets masked. Gateways pick up a new version within CONFIG_REFRESH_MS.
 */
export const configRoutes = new Hono<AdminHonoEnv>()
  .get("/config", async (c) => {
    const active = await getActiveConfigVersion(c.env.DB);
    if (active === undefined) throw notFound("An active config");
    return c.json({
      version: active.version,
      created_by: active.createdBy,
      created_at: new Date(active.createdAt).toISOString(),
      comment: active.comment,
      warnings: active.warnings,
      config: maskConfigSecrets(JSON.parse(active.configJson)),
    });
  })
  .get("/config/versions", async (c) => c.json({ versions: await listConfigVersions(c.env.DB) }))
  .post("/config", async (c) => {
    requireAdmin(c.get("actor"));
    const text = await readConfigText(c);
    const format = detectConfigFormat(text, c.req.header("content-type"));
    const parsed = parseConfigText(text, format);
    if (!parsed.ok) {
      return c.json(
        {
          error: {
            message: `Invalid config: ${parsed.errors.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")}`,
            type: "invalid_request_error",
            param: parsed.errors[0]?.path ?? null,
            code: "invalid_config",
            details: parsed.errors,
          },
        },
        400,
      );
    }
    if (c.req.query("dry_run") === "true") {
      await assertConfigStorable(c.env, parsed.config);
      return c.json({ valid: true, warnings: parsed.warnings, models: (parsed.config.model_list ?? []).length });
    }
    const storable = await prepareConfigForStorage(c.env, parsed.config, text);
    const version = await activateConfigVersion(c.env.DB, {
      sourceFormat: format,
      sourceText: storable.sourceText,
      config: storable.config,
      warnings: parsed.warnings,
      createdBy: c.get("actor").label,
      comment: c.req.query("comment"),
    });
    return c.json({ version, active: true, warnings: parsed.warnings }, 201);
  });
