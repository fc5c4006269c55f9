import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import {
  type LitellmConfig,
  litellmConfigSchema,
  litellmParamsSchema,
  type ModelEntry,
} from "../../core/config/litellm-config-schema.ts";
import { maskConfigSecrets } from "../../core/config/mask-config-secrets.ts";
import { parseConfigText } from "../../core/config/parse-config-text.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import { assertConfigTextWithin, maxConfigBytesOf } from "../../core/limits/config-size-limit.ts";
import { splitProviderModel } from "../../core/providers/split-provider-model.ts";
import { findTransport } from "../../core/providers/transports/transport-registry.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { requireAdmin } from "../authorize.ts";
import { activateConfigVersion, getActiveConfigVersion } from "../config-versions.ts";
import { addModelEntry, deploymentIdOf, removeModelEntry } from "../model-list-edits.ts";
import { prepareConfigForStorage } from "../prepare-config-for-storage.ts";
import { readAdminBody } from "../read-body.ts";

/** LiteLLM's /model/new body (https://docs.litellm.ai/docs/proxy/model_management). */
const modelNewSchema = z.strictObject({
  model_name: z.string().min(1),
  litellm_params: litellmParamsSchema,
  model_info: z.looseObject({ id: z.string().min(1).max(200).optional() }).nullish(),
});
const modelDeleteSchema = z.strictObject({ id: z.string().min(1) });
const modelInfoQuerySchema = z.object({ litellm_model_id: z.string().min(1).optional() });

/** A model_list entry as LiteLLM's /model/info shows it: secrets masked, `model_info.id` always set. */
function modelInfoView(entry: ModelEntry, index: number) {
  const masked = maskConfigSecrets(entry) as ModelEntry;
  return {
    model_name: entry.model_name,
    litellm_params: masked.litellm_params,
    model_info: { ...(masked.model_info ?? {}), id: deploymentIdOf(entry, index) },
  };
}

async function activeConfig(database: D1Database): Promise<{ version: number; config: LitellmConfig } | undefined> {
  const active = await getActiveConfigVersion(database);
  if (active === undefined) return undefined;
  return { version: active.version, config: litellmConfigSchema.parse(JSON.parse(active.configJson)) };
}

/** Validates the edited config as a whole and activates it as a new version, as POST /config does. */
async function activateEdited(c: Context<AdminHonoEnv>, config: LitellmConfig, comment: string) {
  const text = JSON.stringify(config, null, 2);
  assertConfigTextWithin(text, maxConfigBytesOf(c.env));
  const parsed = parseConfigText(text, "json");
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new GatewayError("invalid_request", `The resulting config is invalid: ${first?.message ?? "unknown"}`, {
      ...(first === undefined || first.path === "" ? {} : { param: first.path }),
    });
  }
  const storable = await prepareConfigForStorage(c.env, parsed.config, text);
  const version = await activateConfigVersion(c.env.DB, {
    sourceFormat: "json",
    sourceText: storable.sourceText,
    config: storable.config,
    warnings: parsed.warnings,
    createdBy: c.get("actor").label,
    comment,
  });
  return { version, warnings: parsed.warnings };
}

/** What the new entry alone would be warned about: its unknown keys and an unsupported provider. */
function warningsFor(entry: ModelEntry, index: number, configWarnings: string[]): string[] {
  const prefix = `model_list[${index}].`;
  const own = configWarnings
    .filter((warning) => warning.startsWith(prefix))
    .map((warning) => warning.slice(prefix.length));
  const { provider } = splitProviderModel(entry.litellm_params.model);
  if (findTransport(provider) === undefined) {
    own.push(`litellm_params.model: provider '${provider}' is not supported yet; requests to it will fail`);
  }
  return own;
}

async function listModels(c: Context<AdminHonoEnv>) {
  const query = modelInfoQuerySchema.safeParse(c.req.query());
  if (!query.success) throw zodErrorToGatewayError(query.error);
  const active = await activeConfig(c.env.DB);
  const data = (active?.config.model_list ?? []).map(modelInfoView);
  const wanted = query.data.litellm_model_id;
  if (wanted === undefined) return c.json({ data });
  const match = data.filter((model) => model.model_info.id === wanted);
  if (match.length === 0) throw notFound(`Model '${wanted}'`);
  return c.json({ data: match });
}

/**
 * LiteLLM-compatible model management over the config versions: /model/new
 * and /model/delete (admin only) each store and activate a new config version
 * (gateways pick it up within CONFIG_REFRESH_MS; `created_by` and `comment`
 * record who changed what), /model/info lists the deployments with secrets masked.
 */
export const modelRoutes = new Hono<AdminHonoEnv>()
  .get("/model/info", listModels)
  .get("/v1/model/info", listModels)
  .post("/model/new", async (c) => {
    requireAdmin(c.get("actor"));
    const body = await readAdminBody(c, modelNewSchema);
    const entry: ModelEntry = {
      model_name: body.model_name,
      litellm_params: body.litellm_params,
      ...(body.model_info === undefined || body.model_info === null ? {} : { model_info: body.model_info }),
    };
    const edit = addModelEntry((await activeConfig(c.env.DB))?.config ?? {}, entry);
    if (!edit.ok) {
      throw new GatewayError("invalid_request", `A deployment with id '${entry.model_info?.id}' already exists.`, {
        status: 409,
        param: "model_info.id",
      });
    }
    const { version, warnings } = await activateEdited(
      c,
      edit.config,
      `model/new: added deployment '${edit.id}' (${edit.entry.litellm_params.model}) to model group '${edit.entry.model_name}'`,
    );
    const view = modelInfoView(edit.entry, edit.index);
    return c.json({
      model_id: edit.id,
      ...view,
      config_version: version,
      warnings: warningsFor(edit.entry, edit.index, warnings),
    });
  })
  .post("/model/delete", async (c) => {
    requireAdmin(c.get("actor"));
    const { id } = await readAdminBody(c, modelDeleteSchema);
    const active = await activeConfig(c.env.DB);
    const edit = active === undefined ? undefined : removeModelEntry(active.config, id);
    if (edit === undefined || !edit.ok) throw notFound(`Model '${id}'`);
    const { version } = await activateEdited(
      c,
      edit.config,
      `model/delete: removed deployment '${id}' (${edit.entry.litellm_params.model}) from model group '${edit.entry.model_name}'`,
    );
    return c.json({ message: `Model: ${id} deleted successfully`, config_version: version });
  });
