import type { agents } from "../core/db/schema.ts";
import type { AgentCreateBody, AgentDefinition, AgentUpdateBody } from "./agent-schemas.ts";

type AgentRow = typeof agents.$inferSelect;
type AgentDefinitionColumns = Omit<
  typeof agents.$inferInsert,
  "id" | "currentVersion" | "createdBy" | "createdAt" | "updatedAt" | "deletedAt"
>;

const DEFAULT_TRACE_POLICY = { bodies: "metadata", retention_days: 30 } as const;

/**
 * An agent definition as the admin API names it, in one fixed field order (so stored versions read
 * alike and diffs list fields in the same order). Null means "not set": the gateway's default applies.
 */
export function agentDefinitionOf(row: AgentRow): AgentDefinition {
  return {
    name: row.name,
    description: row.description,
    team_id: row.teamId,
    harness: row.harness,
    default_model: row.defaultModel,
    system_prompt: row.systemPrompt,
    allowed_tools: row.allowedTools,
    allowed_mcp_servers: row.allowedMcpServers,
    max_budget: row.maxBudgetUsd,
    budget_duration: row.budgetDuration,
    rpm_limit: row.rpmLimit,
    tpm_limit: row.tpmLimit,
    max_parallel_requests: row.maxParallelRequests,
    budget_timezone: row.budgetTimezone,
    unknown_price: row.unknownPrice,
    budget_mode: row.budgetMode,
    env: row.env,
    tags: row.tags,
    trace_policy: row.tracePolicy,
    session_limits: row.sessionLimits,
    approval: row.approvalPolicy,
  };
}

/** The columns of `agents` that hold a definition. */
export function agentColumnsOf(definition: AgentDefinition): AgentDefinitionColumns {
  return {
    name: definition.name,
    description: definition.description,
    teamId: definition.team_id,
    harness: definition.harness,
    defaultModel: definition.default_model,
    systemPrompt: definition.system_prompt,
    allowedTools: definition.allowed_tools,
    allowedMcpServers: definition.allowed_mcp_servers,
    maxBudgetUsd: definition.max_budget,
    budgetDuration: definition.budget_duration,
    rpmLimit: definition.rpm_limit,
    tpmLimit: definition.tpm_limit,
    maxParallelRequests: definition.max_parallel_requests,
    budgetTimezone: definition.budget_timezone,
    unknownPrice: definition.unknown_price,
    budgetMode: definition.budget_mode,
    env: definition.env,
    tags: definition.tags,
    tracePolicy: definition.trace_policy,
    sessionLimits: definition.session_limits,
    approvalPolicy: definition.approval,
  };
}

/** Version 1: what the body names, the rest empty or unset. */
export function initialAgentDefinition(body: AgentCreateBody, teamId: string): AgentDefinition {
  return {
    name: body.name,
    description: body.description ?? null,
    team_id: teamId,
    harness: body.harness,
    default_model: body.default_model,
    system_prompt: body.system_prompt ?? null,
    allowed_tools: body.allowed_tools ?? [],
    allowed_mcp_servers: body.allowed_mcp_servers ?? [],
    max_budget: body.max_budget ?? null,
    budget_duration: body.budget_duration ?? null,
    rpm_limit: body.rpm_limit ?? null,
    tpm_limit: body.tpm_limit ?? null,
    max_parallel_requests: body.max_parallel_requests ?? null,
    budget_timezone: body.budget_timezone ?? null,
    unknown_price: body.unknown_price ?? null,
    budget_mode: body.budget_mode ?? null,
    env: body.env ?? {},
    tags: body.tags ?? [],
    trace_policy: { ...DEFAULT_TRACE_POLICY, ...body.trace_policy },
    session_limits: body.session_limits ?? null,
    approval: body.approval ?? null,
  };
}

/** The definition after a PATCH: named fields replace, `trace_policy` merges. */
export function updatedAgentDefinition(current: AgentDefinition, body: AgentUpdateBody): AgentDefinition {
  const pick = <Value>(next: Value | undefined, previous: Value): Value => (next === undefined ? previous : next);
  return {
    name: pick(body.name, current.name),
    description: pick(body.description, current.description),
    team_id: current.team_id,
    harness: pick(body.harness, current.harness),
    default_model: pick(body.default_model, current.default_model),
    system_prompt: pick(body.system_prompt, current.system_prompt),
    allowed_tools: pick(body.allowed_tools, current.allowed_tools),
    allowed_mcp_servers: pick(body.allowed_mcp_servers, current.allowed_mcp_servers),
    max_budget: pick(body.max_budget, current.max_budget),
    budget_duration: pick(body.budget_duration, current.budget_duration),
    rpm_limit: pick(body.rpm_limit, current.rpm_limit),
    tpm_limit: pick(body.tpm_limit, current.tpm_limit),
    max_parallel_requests: pick(body.max_parallel_requests, current.max_parallel_requests),
    budget_timezone: pick(body.budget_timezone, current.budget_timezone),
    unknown_price: pick(body.unknown_price, current.unknown_price),
    budget_mode: pick(body.budget_mode, current.budget_mode),
    env: pick(body.env, current.env),
    tags: pick(body.tags, current.tags),
    trace_policy: { ...current.trace_policy, ...body.trace_policy },
    session_limits: pick(body.session_limits, current.session_limits),
    approval: pick(body.approval, current.approval),
  };
}
