import type { Agent, AgentHarness, AgentTracePolicy, AgentUpdateInput } from "../../api/agents-api.ts";
import { envOf, envText, listOf, optionalNumber, optionalText, textOf } from "../../form/form-values.ts";
import { type FieldErrors, type LimitsDraft, limitsDraftOf, limitsFromDraft } from "../../form/limits-draft.ts";

/** The editable part of an agent's definition, as the editor holds it. */
export interface AgentDraft {
  name: string;
  description: string;
  harness: AgentHarness;
  default_model: string;
  system_prompt: string;
  allowed_tools: string;
  allowed_mcp_servers: string;
  tags: string;
  env: string;
  limits: LimitsDraft;
  trace_bodies: AgentTracePolicy["bodies"];
  trace_retention_days: string;
  comment: string;
}

export function agentDraftOf(agent: Agent): AgentDraft {
  return {
    name: agent.name,
    description: agent.description ?? "",
    harness: agent.harness,
    default_model: agent.default_model,
    system_prompt: agent.system_prompt ?? "",
    allowed_tools: agent.allowed_tools.join(", "),
    allowed_mcp_servers: agent.allowed_mcp_servers.join(", "),
    tags: agent.tags.join(", "),
    env: envText(agent.env),
    limits: limitsDraftOf(agent),
    trace_bodies: agent.trace_policy.bodies,
    trace_retention_days: textOf(agent.trace_policy.retention_days),
    comment: "",
  };
}

/**
 * The whole definition as a PATCH body (the API makes no version when nothing changed), or the
 * fields that do not parse.
 */
export function agentUpdateOf(
  draft: AgentDraft,
): { ok: true; update: AgentUpdateInput } | { ok: false; errors: FieldErrors } {
  const limits = limitsFromDraft(draft.limits);
  const env = envOf(draft.env);
  const retention = optionalNumber(draft.trace_retention_days, { integer: true });
  const errors: FieldErrors = limits.ok ? {} : { ...limits.errors };
  if (!env.ok) errors.env = env.message;
  if (!retention.ok) errors["trace_policy.retention_days"] = retention.message;
  if (!limits.ok || !env.ok || !retention.ok) return { ok: false, errors };
  const { models: _models, ...agentLimits } = limits.limits;
  return {
    ok: true,
    update: {
      name: draft.name.trim(),
      description: optionalText(draft.description),
      harness: draft.harness,
      default_model: draft.default_model.trim(),
      system_prompt: draft.system_prompt.trim() === "" ? null : draft.system_prompt,
      allowed_tools: listOf(draft.allowed_tools),
      allowed_mcp_servers: listOf(draft.allowed_mcp_servers),
      tags: listOf(draft.tags),
      env: env.value,
      ...agentLimits,
      trace_policy: {
        bodies: draft.trace_bodies,
        ...(retention.value === null ? {} : { retention_days: retention.value }),
      },
      ...(draft.comment.trim() === "" ? {} : { comment: draft.comment.trim() }),
    },
  };
}
