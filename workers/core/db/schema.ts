// The one D1 schema. Migrations are generated from this file by drizzle-kit
// (`npm run db:generate`) into d1-migrations/ and applied only by wrangler.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { StoredApprovalPolicy, StoredSessionLimits } from "../governance/agent-governance.ts";

const createdAt = () => integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

/**
 * How a scope's budget is enforced (see workers/gateway/budget/): `budget_timezone` is the IANA zone whose
 * midnights and 1sts reset day and month windows; `unknown_price` says whether a request the gateway cannot
 * price is refused (default) or let through; `budget_mode` is `strict` (reserve in the Durable Object before
 * the call, default) or `fast` (check a cached balance, settle after).
 */
const budgetPolicy = () => ({
  budgetTimezone: text("budget_timezone"),
  unknownPrice: text("unknown_price", { enum: ["refuse", "allow"] }),
  budgetMode: text("budget_mode", { enum: ["strict", "fast"] }),
});

export const teams = sqliteTable("teams", {
  id: text("id").primaryKey(),
  alias: text("alias"),
  models: text("models", { mode: "json" }).$type<string[]>(),
  maxBudgetUsd: real("max_budget_usd"),
  budgetDuration: text("budget_duration"),
  rpmLimit: integer("rpm_limit"),
  tpmLimit: integer("tpm_limit"),
  maxParallelRequests: integer("max_parallel_requests"),
  ...budgetPolicy(),
  metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
  blocked: integer("blocked", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "number" }),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email"),
  teamId: text("team_id").references(() => teams.id),
  maxBudgetUsd: real("max_budget_usd"),
  budgetDuration: text("budget_duration"),
  rpmLimit: integer("rpm_limit"),
  tpmLimit: integer("tpm_limit"),
  maxParallelRequests: integer("max_parallel_requests"),
  ...budgetPolicy(),
  metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "number" }),
});

/** Virtual keys: only the SHA-256 of the key is stored; `keyPrefix` is for display. */
export const virtualKeys = sqliteTable(
  "virtual_keys",
  {
    tokenHash: text("token_hash").primaryKey(),
    keyPrefix: text("key_prefix").notNull(),
    keyAlias: text("key_alias"),
    teamId: text("team_id").references(() => teams.id),
    userId: text("user_id").references(() => users.id),
    agentId: text("agent_id"),
    models: text("models", { mode: "json" }).$type<string[]>(),
    maxBudgetUsd: real("max_budget_usd"),
    budgetDuration: text("budget_duration"),
    budgetResetAt: integer("budget_reset_at", { mode: "number" }),
    rpmLimit: integer("rpm_limit"),
    tpmLimit: integer("tpm_limit"),
    maxParallelRequests: integer("max_parallel_requests"),
    ...budgetPolicy(),
    expiresAt: integer("expires_at", { mode: "number" }),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    blocked: integer("blocked", { mode: "boolean" }).notNull().default(false),
    /** Admin API role for keys that may call the admin worker; null for data-plane-only keys. */
    role: text("role", { enum: ["admin", "team_admin", "viewer"] }),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }),
  },
  (table) => [index("virtual_keys_team_idx").on(table.teamId)],
);

/**
 * Append-only log of key changes (create, update, block, delete). Gateway
 * isolates poll its highest `seq` with the config check and evict the changed
 * hashes from their key cache, so a blocked or deleted key stops working
 * everywhere within CONFIG_REFRESH_MS.
 */
export const keyChanges = sqliteTable("key_changes", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull(),
  changedAt: createdAt(),
});

/**
 * Every accepted config is kept; exactly one row is active. `sourceText` is the
 * YAML/JSON as submitted (for diffs), `configJson` the parsed form the gateway loads.
 */
export const configVersions = sqliteTable(
  "config_versions",
  {
    version: integer("version").primaryKey({ autoIncrement: true }),
    sourceFormat: text("source_format", { enum: ["yaml", "json"] }).notNull(),
    sourceText: text("source_text").notNull(),
    configJson: text("config_json").notNull(),
    warnings: text("warnings", { mode: "json" }).$type<string[]>().notNull(),
    createdBy: text("created_by").notNull(),
    comment: text("comment"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [index("config_versions_active_idx").on(table.isActive)],
);

/** One row per request, written in batches by the queue consumer; the request id makes redelivery idempotent. */
export const spendLogs = sqliteTable(
  "spend_logs",
  {
    requestId: text("request_id").primaryKey(),
    startedAt: integer("started_at", { mode: "number" }).notNull(),
    apiFormat: text("api_format").notNull(),
    keyHash: text("key_hash"),
    teamId: text("team_id"),
    userId: text("user_id"),
    agentId: text("agent_id"),
    sessionId: text("session_id"),
    modelGroup: text("model_group").notNull(),
    provider: text("provider"),
    deployment: text("deployment"),
    upstreamModel: text("upstream_model"),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    cacheReadTokens: integer("cache_read_tokens").notNull().default(0),
    cacheWriteTokens: integer("cache_write_tokens").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    latencyMs: real("latency_ms").notNull(),
    timeToFirstTokenMs: real("time_to_first_token_ms"),
    status: integer("status").notNull(),
    errorKind: text("error_kind"),
    stream: integer("stream", { mode: "boolean" }).notNull(),
    cacheHit: integer("cache_hit", { mode: "boolean" }).notNull().default(false),
    /** Set on an admin's replay of a session span (POST /sessions/:id/spans/:span/replay): the request it replayed. */
    replayOf: text("replay_of"),
  },
  (table) => [
    index("spend_logs_started_idx").on(table.startedAt),
    index("spend_logs_key_idx").on(table.keyHash, table.startedAt),
    index("spend_logs_team_idx").on(table.teamId, table.startedAt),
    // User and agent budget windows (analytics' budgets near their limit) and the spend filters.
    index("spend_logs_user_idx").on(table.userId, table.startedAt),
    index("spend_logs_agent_idx").on(table.agentId, table.startedAt),
  ],
);

/**
 * Prices imported from LiteLLM's `model_prices_and_context_window.json`, keyed as LiteLLM names the model
 * (`claude-sonnet-4-5`, `gemini/gemini-2.5-pro`, `anthropic.claude-…-v1:0`). `price_json` is the normalized
 * ModelPrice (workers/core/pricing/model-price.ts). Each import replaces the whole table; a deployment's price
 * is its config fields, else this table, else the built-in one.
 */
export const modelPrices = sqliteTable("model_prices", {
  model: text("model").primaryKey(),
  priceJson: text("price_json", { mode: "json" }).$type<unknown>().notNull(),
  source: text("source").notNull(),
  importedAt: integer("imported_at", { mode: "number" }).notNull(),
  importedBy: text("imported_by").notNull(),
});

/**
 * One row per import (or clear) of model_prices, written in the same batch: gateways poll the highest
 * `version` with their config check and reload the prices only when it moves.
 */
export const priceTableVersions = sqliteTable("price_table_versions", {
  version: integer("version").primaryKey({ autoIncrement: true }),
  source: text("source").notNull(),
  modelCount: integer("model_count").notNull(),
  skippedCount: integer("skipped_count").notNull(),
  importedBy: text("imported_by").notNull(),
  importedAt: integer("imported_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
});

/** The client an agent runs in; `GET /agents/:id/connect` writes that client's configuration. */
export const AGENT_HARNESSES = ["claude-code", "codex", "opencode", "custom"] as const;

/** What an agent's session traces keep of request and response bodies, and for how many days. */
export interface AgentTracePolicy {
  bodies: "none" | "metadata" | "full";
  retention_days: number;
}

/**
 * The agent registry. A row is the agent's current definition (the newest of its agent_versions),
 * denormalized so the gateway's key cache can join its limits: every key with this `agent_id` shares
 * the agent's budget scope. Deleting is soft (`deleted_at`), so spend and traces keep their agent;
 * a deleted agent's keys are blocked. The name is unique among a team's live agents. `team_id` has
 * no foreign key on purpose: deleting a team deletes its keys, its agents stay as history.
 */
export const agents = sqliteTable(
  "agents",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    teamId: text("team_id").notNull(),
    harness: text("harness", { enum: AGENT_HARNESSES }).notNull(),
    defaultModel: text("default_model").notNull(),
    systemPrompt: text("system_prompt"),
    allowedTools: text("allowed_tools", { mode: "json" }).$type<string[]>().notNull(),
    allowedMcpServers: text("allowed_mcp_servers", { mode: "json" }).$type<string[]>().notNull(),
    maxBudgetUsd: real("max_budget_usd"),
    budgetDuration: text("budget_duration"),
    rpmLimit: integer("rpm_limit"),
    tpmLimit: integer("tpm_limit"),
    maxParallelRequests: integer("max_parallel_requests"),
    ...budgetPolicy(),
    /** Non-secret environment variables for the agent's runtime (values that look like keys are refused). */
    env: text("env", { mode: "json" }).$type<Record<string, string>>().notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    tracePolicy: text("trace_policy", { mode: "json" })
      .$type<AgentTracePolicy>()
      .notNull()
      .default({ bodies: "metadata", retention_days: 30 }),
    /** Governance (docs/decisions/0007-governance.md): the per-session loop breaker and model-call approval; null: none. */
    sessionLimits: text("session_limits", { mode: "json" }).$type<StoredSessionLimits>(),
    approvalPolicy: text("approval_policy", { mode: "json" }).$type<StoredApprovalPolicy>(),
    /** When an admin last stopped the agent, one of its keys or sessions while a stop is active; null: none. */
    killSwitchAt: integer("kill_switch_at", { mode: "number" }),
    currentVersion: integer("current_version").notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }),
    deletedAt: integer("deleted_at", { mode: "number" }),
  },
  (table) => [
    uniqueIndex("agents_team_name_idx").on(table.teamId, table.name).where(sql`deleted_at IS NULL`),
    index("agents_team_idx").on(table.teamId),
  ],
);

/**
 * Every definition an agent has had, one row per change; rows are never updated (a trigger refuses it).
 * `definition` is the agent's fields as the admin API names them (workers/admin/agent-definition.ts).
 */
export const agentVersions = sqliteTable(
  "agent_versions",
  {
    agentId: text("agent_id")
      .notNull()
      .references(() => agents.id),
    version: integer("version").notNull(),
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdBy: text("created_by").notNull(),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.agentId, table.version] })],
);

/**
 * The session index, for listing and searching sessions without waking their Durable Objects. One row per
 * (scope, session id) — the scope (`team:<id>` or `key:<hash>`, workers/core/session/session-scope.ts) keeps
 * two tenants' equal ids apart. Written by the spend queue consumer; its counts and cost are recomputed
 * from session_model_calls and tool_call_index on every write, so a redelivered message changes nothing.
 * `status` is `error` once any model call failed, else `ok`.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    scope: text("scope").notNull(),
    id: text("id").notNull(),
    agentId: text("agent_id"),
    /** The key of the session's first recorded call. */
    keyHash: text("key_hash"),
    teamId: text("team_id"),
    startedAt: integer("started_at", { mode: "number" }).notNull(),
    lastAt: integer("last_at", { mode: "number" }).notNull(),
    status: text("status", { enum: ["ok", "error"] }).notNull(),
    modelCalls: integer("model_calls").notNull().default(0),
    toolCalls: integer("tool_calls").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    /**
     * Days the session's index rows are kept after `last_at` (the longest trace policy among its calls);
     * null for rows indexed before retention existed: the default, 30. The gateway's cron prunes them.
     */
    retentionDays: integer("retention_days"),
  },
  (table) => [
    primaryKey({ columns: [table.scope, table.id] }),
    index("sessions_id_idx").on(table.id),
    index("sessions_last_idx").on(table.lastAt),
    index("sessions_team_idx").on(table.teamId, table.lastAt),
    index("sessions_agent_idx").on(table.agentId, table.lastAt),
  ],
);

/** One row per model call of a session: the ledger the sessions row's counts and cost are recomputed from. */
export const sessionModelCalls = sqliteTable(
  "session_model_calls",
  {
    requestId: text("request_id").primaryKey(),
    scope: text("scope").notNull(),
    sessionId: text("session_id").notNull(),
    startedAt: integer("started_at", { mode: "number" }).notNull(),
    costUsd: real("cost_usd").notNull(),
    failed: integer("failed", { mode: "boolean" }).notNull(),
  },
  (table) => [index("session_model_calls_session_idx").on(table.scope, table.sessionId)],
);

/**
 * Tool calls across sessions, for "all sessions where tool X was called with an argument matching Y".
 * `arguments` is the redacted text cut to a few KB (the session object keeps it whole).
 */
export const toolCallIndex = sqliteTable(
  "tool_call_index",
  {
    scope: text("scope").notNull(),
    sessionId: text("session_id").notNull(),
    toolCallId: text("tool_call_id").notNull(),
    toolName: text("tool_name").notNull(),
    arguments: text("arguments"),
    startedAt: integer("started_at", { mode: "number" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.scope, table.sessionId, table.toolCallId] }),
    index("tool_call_index_tool_idx").on(table.toolName, table.startedAt),
  ],
);

/**
 * Which session a Responses answer belongs to, so a follow-up that names only `previous_response_id`
 * joins it. Gateways look here when their colo's Cache API copy is missing.
 */
export const sessionResponses = sqliteTable(
  "session_responses",
  {
    scope: text("scope").notNull(),
    responseId: text("response_id").notNull(),
    sessionId: text("session_id").notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.responseId] })],
);

/**
 * Dashboard sign-in sessions (workers/admin/session/): the cookie holds a random 256-bit token, this table
 * only its SHA-256. `key_token_hash` is the SHA-256 of the admin key signed in with (a virtual key's
 * token_hash, or the master key's digest): every request re-checks that key, so blocking or deleting it
 * ends its sessions.
 */
export const adminSessions = sqliteTable(
  "admin_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    keyTokenHash: text("key_token_hash").notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("admin_sessions_key_idx").on(table.keyTokenHash),
    index("admin_sessions_expires_idx").on(table.expiresAt),
  ],
);

/** Failed dashboard sign-ins per client address (its SHA-256) and fixed window, to throttle key guessing. */
export const adminSignInFailures = sqliteTable(
  "admin_sign_in_failures",
  {
    clientHash: text("client_hash").notNull(),
    windowStart: integer("window_start", { mode: "number" }).notNull(),
    failures: integer("failures").notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.clientHash, table.windowStart] }),
    index("admin_sign_in_failures_window_idx").on(table.windowStart),
  ],
);

/**
 * Upstream MCP servers the gateway fronts at `/mcp/<name>` (workers/gateway/mcp-gateway/). `credentials`
 * are header values sealed with SWITCHYARD_ENCRYPTION_KEY (workers/core/secrets/secret-envelope.ts), never
 * returned by the admin API; `headers` are plain, non-secret ones. `team_id` null: every team's agents may
 * list it in `allowed_mcp_servers`; set: only that team's.
 */
export const mcpServers = sqliteTable("mcp_servers", {
  name: text("name").primaryKey(),
  url: text("url").notNull(),
  description: text("description"),
  teamId: text("team_id"),
  headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull(),
  credentials: text("credentials", { mode: "json" }).$type<Record<string, string>>().notNull(),
  timeoutMs: integer("timeout_ms").notNull(),
  createdBy: text("created_by"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "number" }),
});

/**
 * Per-agent tool policy (workers/core/governance/tool-policy-schema.ts), one immutable row per version;
 * the agent's policy is its highest version. Every tool call's trace names the version it was judged by.
 */
export const toolPolicies = sqliteTable(
  "tool_policies",
  {
    agentId: text("agent_id").notNull(),
    version: integer("version").notNull(),
    policy: text("policy", { mode: "json" }).$type<unknown>().notNull(),
    createdBy: text("created_by").notNull(),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.agentId, table.version] })],
);

/**
 * Append-only log of what the MCP gateway caches: `subject` is `agent:<id>` (its tool policy or its
 * allowed_mcp_servers changed; logged by trigger) or `server:<name>`. Gateways poll past their last `seq`
 * every CONFIG_REFRESH_MS and evict those entries, so an edit applies everywhere within seconds.
 */
export const mcpPolicyChanges = sqliteTable("mcp_policy_changes", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  subject: text("subject").notNull(),
  changedAt: createdAt(),
});

/** Where a vault credential may be sent: `host` exact or `*.suffix` (any subdomain), over https only. */
export interface VaultDestination {
  host: string;
  /** Absent: any path. Segment-aware: `/repos/acme` matches `/repos/acme/x`, not `/repos/acme-evil`. */
  path_prefix?: string;
  /** Absent: any method. Upper case. */
  methods?: string[];
}

/** The one place a credential's secret may travel: a header (rendered from a template) or a query parameter. */
export type VaultInjection = { in: "header"; name: string; template: string } | { in: "query"; name: string };

/**
 * Credentials held for agents (workers/core/vault/, workers/gateway/egress/): the secret only as an
 * enc:v1 envelope (SWITCHYARD_ENCRYPTION_KEY), agents see `stub`, and the egress proxy swaps the stub for
 * the secret only towards `destinations`, for `allowed_agents` (agent ids; `*` = every agent of the team).
 * Deleting keeps the row (so the gateway's change poll sees it) and wipes the envelope.
 */
export const vaultCredentials = sqliteTable(
  "vault_credentials",
  {
    id: text("id").primaryKey(),
    teamId: text("team_id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    sealedSecret: text("sealed_secret").notNull(),
    stub: text("stub").notNull(),
    destinations: text("destinations", { mode: "json" }).$type<VaultDestination[]>().notNull(),
    injection: text("injection", { mode: "json" }).$type<VaultInjection>().notNull(),
    allowedAgents: text("allowed_agents", { mode: "json" }).$type<string[]>().notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
    rotatedAt: integer("rotated_at", { mode: "number" }),
    deletedAt: integer("deleted_at", { mode: "number" }),
  },
  (table) => [
    uniqueIndex("vault_credentials_team_name_idx").on(table.teamId, table.name).where(sql`deleted_at IS NULL`),
    index("vault_credentials_updated_idx").on(table.updatedAt),
  ],
);
