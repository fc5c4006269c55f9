/** Admin API bodies and queries for agents (`/agents/*`); field names follow the key and team routes. */
import { z } from "zod";
import { parseDuration } from "../core/auth/duration.ts";
import { zonedCalendar } from "../core/budget/zoned-calendar.ts";
import { AGENT_HARNESSES } from "../core/db/schema.ts";
import { storedApprovalPolicySchema, storedSessionLimitsSchema } from "../core/governance/agent-governance.ts";

const MAX_ENV_VARIABLES = 200;

const duration = z.string().refine((value) => parseDuration(value) !== undefined, {
  message: "expected a duration like 30s, 10m, 2h, 1d, 30d or monthly",
});
const money = z.number().nonnegative();
const count = z.number().int().nonnegative();
const names = z.array(z.string().min(1).max(200)).max(500);

/** POSIX-style names only: the connect snippets write them as shell exports and TOML bare keys. */
const environmentName = z
  .string()
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name like LOG_LEVEL");

export const agentTracePolicySchema = z.strictObject({
  bodies: z.enum(["none", "metadata", "full"]),
  retention_days: z.number().int().min(1).max(3650),
});

/** Every field of an agent version; the same shape is stored as `agent_versions.definition`. */
const definitionFields = {
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\p{Cc}]+$/u, "expected a name without control characters"),
  description: z.string().max(2000).nullable(),
  team_id: z.string().min(1).max(100),
  harness: z.enum(AGENT_HARNESSES),
  /** A model group (`model_name`) of the gateway's config; not checked against it, configs change. */
  default_model: z.string().min(1).max(200),
  system_prompt: z.string().max(100_000).nullable(),
  allowed_tools: names,
  allowed_mcp_servers: names,
  max_budget: money.nullable(),
  budget_duration: duration.nullable(),
  rpm_limit: count.nullable(),
  tpm_limit: count.nullable(),
  max_parallel_requests: count.nullable(),
  budget_timezone: z
    .string()
    .refine((value) => zonedCalendar(value) !== undefined, {
      message: "expected an IANA time zone such as UTC or Europe/Berlin",
    })
    .nullable(),
  unknown_price: z.enum(["refuse", "allow"]).nullable(),
  budget_mode: z.enum(["strict", "fast"]).nullable(),
  env: z.record(environmentName, z.string().max(4096)).refine((env) => Object.keys(env).length <= MAX_ENV_VARIABLES, {
    message: `expected at most ${MAX_ENV_VARIABLES} variables`,
  }),
  tags: z.array(z.string().min(1).max(100)).max(50),
  trace_policy: agentTracePolicySchema,
  /** Governance: the per-session loop breaker and the model-call approval threshold (docs/decisions/0007). */
  session_limits: storedSessionLimitsSchema.nullable(),
  approval: storedApprovalPolicySchema.nullable(),
};

export const agentDefinitionSchema = z.strictObject(definitionFields);
export type AgentDefinition = z.infer<typeof agentDefinitionSchema>;

const versionComment = z.string().max(1000).optional();

/** POST /agents: only `name`, `harness` and `default_model` are required (`team_id` too, except for a team_admin). */
export const agentCreateSchema = z.strictObject({
  agent_id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "expected letters, digits, '_', '.' or '-'")
    .optional(),
  name: definitionFields.name,
  description: definitionFields.description.optional(),
  team_id: definitionFields.team_id.optional(),
  harness: definitionFields.harness,
  default_model: definitionFields.default_model,
  system_prompt: definitionFields.system_prompt.optional(),
  allowed_tools: definitionFields.allowed_tools.optional(),
  allowed_mcp_servers: definitionFields.allowed_mcp_servers.optional(),
  max_budget: definitionFields.max_budget.optional(),
  budget_duration: definitionFields.budget_duration.optional(),
  rpm_limit: definitionFields.rpm_limit.optional(),
  tpm_limit: definitionFields.tpm_limit.optional(),
  max_parallel_requests: definitionFields.max_parallel_requests.optional(),
  budget_timezone: definitionFields.budget_timezone.optional(),
  unknown_price: definitionFields.unknown_price.optional(),
  budget_mode: definitionFields.budget_mode.optional(),
  env: definitionFields.env.optional(),
  tags: definitionFields.tags.optional(),
  trace_policy: agentTracePolicySchema.partial().optional(),
  session_limits: definitionFields.session_limits.optional(),
  approval: definitionFields.approval.optional(),
  comment: versionComment,
});
export type AgentCreateBody = z.infer<typeof agentCreateSchema>;

/**
 * PATCH /agents/:id: the fields named replace the current ones (null clears a nullable one; `env`,
 * `tags` and the lists are replaced whole); `trace_policy` is merged field by field. The owning team
 * does not change: the agent's keys, spend and traces belong to it.
 */
export const agentUpdateSchema = agentCreateSchema
  .omit({ agent_id: true, team_id: true })
  .partial()
  .extend({ comment: versionComment });
export type AgentUpdateBody = z.infer<typeof agentUpdateSchema>;

export const agentListQuerySchema = z.strictObject({
  team_id: z.string().min(1).optional(),
  harness: definitionFields.harness.optional(),
  tag: z.string().min(1).optional(),
  include_deleted: z.enum(["true", "false"]).optional(),
  page: z.coerce.number().int().min(1).optional(),
  size: z.coerce.number().int().min(1).max(100).optional(),
});

export const agentConnectQuerySchema = z.strictObject({
  harness: definitionFields.harness.optional(),
  base_url: z.string().min(1).max(2000).optional(),
});

/** Version numbers in paths: `/agents/:id/versions/:from/diff/:to`. */
export const agentVersionNumberSchema = z.coerce.number().int().min(1);
