import type { AgentConnectConfig } from "../../../workers/admin/agent-connect-config.ts";
import { adminRequest } from "./admin-client.ts";
import type { KeyInfo } from "./keys-api.ts";

export type AgentHarness = "claude-code" | "codex" | "opencode" | "custom";
export const AGENT_HARNESSES: readonly AgentHarness[] = ["claude-code", "codex", "opencode", "custom"];

export interface AgentTracePolicy {
  bodies: "none" | "metadata" | "full";
  retention_days: number;
}

/** Every field of an agent version (the admin API's `agent_versions.definition`). */
export interface AgentDefinition {
  name: string;
  description: string | null;
  team_id: string;
  harness: AgentHarness;
  default_model: string;
  system_prompt: string | null;
  allowed_tools: string[];
  allowed_mcp_servers: string[];
  max_budget: number | null;
  budget_duration: string | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
  budget_timezone: string | null;
  unknown_price: "refuse" | "allow" | null;
  budget_mode: "strict" | "fast" | null;
  env: Record<string, string>;
  tags: string[];
  trace_policy: AgentTracePolicy;
}

export interface Agent extends AgentDefinition {
  agent_id: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string | null;
  deleted_at: string | null;
}

export interface AgentDetail extends Agent {
  keys: Array<{ token: string; key_name: string; blocked: boolean }>;
}

export interface AgentVersion {
  version: number;
  created_by: string;
  created_at: string;
  comment: string | null;
  definition: AgentDefinition;
}

export interface AgentDiff {
  agent_id: string;
  from: number;
  to: number;
  added: Array<{ path: string; new: unknown }>;
  removed: Array<{ path: string; old: unknown }>;
  changed: Array<{ path: string; old: unknown; new: unknown }>;
}

/** A harness's ready-to-use client configuration, as the admin API builds it. */
export type { AgentConnectConfig as AgentConnect } from "../../../workers/admin/agent-connect-config.ts";

export type AgentCreateInput = Partial<Omit<AgentDefinition, "trace_policy">> &
  Pick<AgentDefinition, "name" | "harness" | "default_model"> & {
    trace_policy?: Partial<AgentTracePolicy>;
    comment?: string;
  };

export type AgentUpdateInput = Partial<Omit<AgentDefinition, "team_id" | "trace_policy">> & {
  trace_policy?: Partial<AgentTracePolicy>;
  comment?: string;
};

export const listAgents = () =>
  adminRequest<{ agents: Agent[]; total_count: number }>("GET", "/agents", { query: { size: 100 } });

export const fetchAgent = (agentId: string) =>
  adminRequest<AgentDetail>("GET", `/agents/${encodeURIComponent(agentId)}`);

/** Answers the agent and its key, shown this once. */
export const createAgent = (input: AgentCreateInput) =>
  adminRequest<Agent & { key: string; key_info: KeyInfo }>("POST", "/agents", { json: input });

export const updateAgent = (agentId: string, changes: AgentUpdateInput) =>
  adminRequest<Agent>("PATCH", `/agents/${encodeURIComponent(agentId)}`, { json: changes });

export const deleteAgent = (agentId: string) =>
  adminRequest<{ agent_id: string }>("DELETE", `/agents/${encodeURIComponent(agentId)}`);

export const rotateAgentKey = (agentId: string) =>
  adminRequest<{ key: string; blocked_keys: string[] }>("POST", `/agents/${encodeURIComponent(agentId)}/keys/rotate`);

export const fetchAgentVersions = (agentId: string) =>
  adminRequest<{ current_version: number; versions: AgentVersion[] }>(
    "GET",
    `/agents/${encodeURIComponent(agentId)}/versions`,
  );

export const fetchAgentDiff = (agentId: string, from: number, to: number) =>
  adminRequest<AgentDiff>("GET", `/agents/${encodeURIComponent(agentId)}/versions/${from}/diff/${to}`);

/** The gateway URL defaults to the admin worker's GATEWAY_PUBLIC_URL; the dashboard passes none. */
export const fetchAgentConnect = (agentId: string, harness: AgentHarness) =>
  adminRequest<AgentConnectConfig>("GET", `/agents/${encodeURIComponent(agentId)}/connect`, { query: { harness } });
