import type { agents, agentVersions } from "../core/db/schema.ts";
import { agentDefinitionOf } from "./agent-definition.ts";

type AgentRow = typeof agents.$inferSelect;
type AgentVersionRow = typeof agentVersions.$inferSelect;

const iso = (value: number | null) => (value === null ? null : new Date(value).toISOString());

/** An agent as the admin API shows it: its current definition (null = gateway default) and bookkeeping. */
export function agentView(row: AgentRow) {
  return {
    agent_id: row.id,
    ...agentDefinitionOf(row),
    version: row.currentVersion,
    created_by: row.createdBy,
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: iso(row.updatedAt),
    deleted_at: iso(row.deletedAt),
  };
}

export function agentVersionView(row: AgentVersionRow) {
  return {
    version: row.version,
    created_by: row.createdBy,
    created_at: new Date(row.createdAt).toISOString(),
    comment: row.comment,
    definition: row.definition,
  };
}
