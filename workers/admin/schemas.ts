/** Admin API bodies, LiteLLM-compatible where the routes overlap (https://docs.litellm.ai/docs/proxy/virtual_keys). */
import { z } from "zod";
import { parseDuration } from "../core/auth/duration.ts";
import { zonedCalendar } from "../core/budget/zoned-calendar.ts";

const duration = z.string().refine((value) => parseDuration(value) !== undefined, {
  message: "expected a duration like 30s, 10m, 2h, 1d, 30d or monthly",
});
const money = z.number().nonnegative();
const count = z.number().int().nonnegative();
const metadata = z.record(z.string(), z.unknown());

/** Budget enforcement policy (workers/admin/budget-policy-fields.ts); the same for keys, teams and users. */
const budgetPolicy = {
  budget_timezone: z
    .string()
    .refine((value) => zonedCalendar(value) !== undefined, {
      message: "expected an IANA time zone such as UTC or Europe/Berlin",
    })
    .nullish(),
  unknown_price: z.enum(["refuse", "allow"]).nullish(),
  budget_mode: z.enum(["strict", "fast"]).nullish(),
};

const limits = {
  models: z.array(z.string()).optional(),
  max_budget: money.nullish(),
  budget_duration: duration.nullish(),
  rpm_limit: count.nullish(),
  tpm_limit: count.nullish(),
  max_parallel_requests: count.nullish(),
  metadata: metadata.nullish(),
  ...budgetPolicy,
};

export const keyGenerateSchema = z.strictObject({
  ...limits,
  key_alias: z.string().max(200).nullish(),
  /** A caller-chosen key (LiteLLM allows it); must look like one. */
  key: z
    .string()
    .regex(/^sk-[A-Za-z0-9_-]{16,200}$/)
    .optional(),
  duration: duration.nullish(),
  team_id: z.string().nullish(),
  user_id: z.string().nullish(),
  agent_id: z.string().nullish(),
  role: z.enum(["admin", "team_admin", "viewer"]).nullish(),
  blocked: z.boolean().optional(),
});

export const keyUpdateSchema = keyGenerateSchema.omit({ key: true, role: true }).extend({ key: z.string().min(1) });
export const keyReferenceSchema = z.strictObject({ key: z.string().min(1) });
/** D1 binds at most 100 parameters per query, and each id is one: longer lists are a 400, not a failed query. */
const MAX_IDS_PER_CALL = 100;

export const keyDeleteSchema = z.strictObject({ keys: z.array(z.string().min(1)).min(1).max(MAX_IDS_PER_CALL) });

export const teamNewSchema = z.strictObject({
  ...limits,
  team_id: z.string().min(1).max(100).optional(),
  team_alias: z.string().max(200).nullish(),
  blocked: z.boolean().optional(),
});
export const teamUpdateSchema = teamNewSchema.extend({ team_id: z.string().min(1) });
export const teamDeleteSchema = z.strictObject({ team_ids: z.array(z.string().min(1)).min(1).max(MAX_IDS_PER_CALL) });

export const userNewSchema = z.strictObject({
  user_id: z.string().min(1).max(200).optional(),
  user_email: z.string().email().nullish(),
  team_id: z.string().nullish(),
  max_budget: money.nullish(),
  budget_duration: duration.nullish(),
  rpm_limit: count.nullish(),
  tpm_limit: count.nullish(),
  max_parallel_requests: count.nullish(),
  metadata: metadata.nullish(),
  ...budgetPolicy,
  /** LiteLLM's /user/new also issues a key unless told not to. */
  auto_create_key: z.boolean().optional(),
});
export const userUpdateSchema = userNewSchema.omit({ auto_create_key: true }).extend({ user_id: z.string().min(1) });
export const userDeleteSchema = z.strictObject({ user_ids: z.array(z.string().min(1)).min(1).max(MAX_IDS_PER_CALL) });

export type KeyGenerateBody = z.infer<typeof keyGenerateSchema>;
export type TeamNewBody = z.infer<typeof teamNewSchema>;
