import type { LitellmConfig, ModelEntry } from "../core/config/litellm-config-schema.ts";

/**
 * The id the gateway gives a deployment, as resolve-gateway-config.ts does:
 * `model_info.id`, else `<model_name>#<index in model_list>`.
 */
export function deploymentIdOf(entry: ModelEntry, index: number): string {
  const infoId = entry.model_info?.id;
  return typeof infoId === "string" && infoId !== "" ? infoId : `${entry.model_name}#${index}`;
}

export type ModelListEdit =
  | { ok: true; config: LitellmConfig; entry: ModelEntry; id: string; index: number }
  | { ok: false; reason: "duplicate_id" | "not_found" };

/**
 * Appends a deployment. Like LiteLLM's /model/new it gets a `model_info.id`
 * (a UUID unless the caller chose one), so its id does not depend on its place in the list.
 */
export function addModelEntry(config: LitellmConfig, entry: ModelEntry): ModelListEdit {
  const list = config.model_list ?? [];
  const chosen = entry.model_info?.id;
  const id = typeof chosen === "string" && chosen !== "" ? chosen : crypto.randomUUID();
  if (list.some((existing, index) => deploymentIdOf(existing, index) === id))
    return { ok: false, reason: "duplicate_id" };
  const added: ModelEntry = { ...entry, model_info: { ...(entry.model_info ?? {}), id } };
  return { ok: true, config: { ...config, model_list: [...list, added] }, entry: added, id, index: list.length };
}

/**
 * Removes the deployment with this id. Entries after it that have no
 * `model_info.id` keep their old id, written into `model_info.id`: an
 * index-based id must not move to another deployment (a client deleting two
 * ids from one listing would otherwise delete the wrong second one, and the
 * survivors would lose their cooldowns and health history).
 */
export function removeModelEntry(config: LitellmConfig, id: string): ModelListEdit {
  const list = config.model_list ?? [];
  const removedIndex = list.findIndex((entry, index) => deploymentIdOf(entry, index) === id);
  const removed = list[removedIndex];
  if (removed === undefined) return { ok: false, reason: "not_found" };
  const remaining = list.flatMap((entry, index) => {
    if (index === removedIndex) return [];
    const idFollowsIndex = deploymentIdOf(entry, index) === `${entry.model_name}#${index}`;
    if (index < removedIndex || !idFollowsIndex) return [entry];
    return [{ ...entry, model_info: { ...(entry.model_info ?? {}), id: deploymentIdOf(entry, index) } }];
  });
  return { ok: true, config: { ...config, model_list: remaining }, entry: removed, id, index: removedIndex };
}
