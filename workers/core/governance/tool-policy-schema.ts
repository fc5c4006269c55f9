import { z } from "zod";
import { JSON_TYPE_NAMES } from "../json/matches-json-type.ts";

/**
 * An agent's MCP tool policy, as the admin API takes it (`PUT /agents/:id/tool_policy`) and D1 stores it
 * (`tool_policies.policy`). Rules are tried in order; the first whose `server` and `tool` globs match and
 * whose `when` constraints hold decides. `arguments` constraints must then hold too, or the call is denied.
 *
 *   { "default_action": "deny",
 *     "rules": [
 *       { "server": "github", "tool": "delete_*", "action": "deny" },
 *       { "server": "db", "tool": "run_query", "when": { "query": { "pattern": "^\\s*UPDATE" } },
 *         "action": "require_approval", "approval_timeout_ms": 300000 },
 *       { "server": "db", "tool": "run_query", "action": "allow",
 *         "arguments": { "query": { "type": "string", "notContains": ["DELETE", "DROP"] } } },
 *       { "server": "*", "tool": "search*", "action": "allow" } ] }
 */

const MAX_REGEX_CHARS = 500;

/** An ECMAScript regular expression source (as JSON Schema's `pattern`), compiled once here to reject bad ones. */
const regexSource = z
  .string()
  .min(1)
  .max(MAX_REGEX_CHARS)
  .refine(
    (source) => {
      try {
        new RegExp(source, "u");
        return true;
      } catch {
        return false;
      }
    },
    { message: "expected a valid regular expression (ECMAScript syntax, unicode mode)" },
  );

const jsonScalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

/**
 * The JSON Schema subset an argument is checked against (`type`, `enum`, `pattern`, `minLength`,
 * `maxLength`, `minimum`, `maximum`), plus `notContains` (substrings refused, compared case-insensitively),
 * `notPattern` (a pattern that must not match) and `required`.
 */
export const argumentConstraintSchema = z.strictObject({
  type: z.enum(JSON_TYPE_NAMES).optional(),
  enum: z.array(jsonScalar).min(1).max(200).optional(),
  pattern: regexSource.optional(),
  notPattern: regexSource.optional(),
  notContains: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  minLength: z.int().nonnegative().optional(),
  maxLength: z.int().nonnegative().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  required: z.boolean().optional(),
});
export type ArgumentConstraint = z.infer<typeof argumentConstraintSchema>;

/** Argument names, dotted for nested ones (`options.mode`). */
const argumentPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^.]+(\.[^.]+)*$/, "expected an argument name, dotted for nested arguments (options.mode)");
const argumentConstraints = z
  .record(argumentPath, argumentConstraintSchema)
  .refine((constraints) => Object.keys(constraints).length <= 50, { message: "expected at most 50 arguments" });

/** `*` matches any run of characters; everything else is literal. */
const glob = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "expected a name or a glob with '*' (no spaces)");

export const TOOL_POLICY_ACTIONS = ["allow", "deny", "require_approval"] as const;
export type ToolPolicyAction = (typeof TOOL_POLICY_ACTIONS)[number];

/** How long an approval may wait: at least a second, at most a day. */
const approvalTimeout = z.int().min(1000).max(86_400_000);

export const toolPolicyRuleSchema = z.strictObject({
  server: glob,
  tool: glob,
  action: z.enum(TOOL_POLICY_ACTIONS),
  /** The rule applies only to calls whose arguments satisfy all of these. */
  when: argumentConstraints.optional(),
  /** Calls the rule allows (or sends for approval) must satisfy all of these, or they are denied. */
  arguments: argumentConstraints.optional(),
  approval_timeout_ms: approvalTimeout.optional(),
  /** Told to the agent when the rule denies. */
  reason: z.string().min(1).max(500).optional(),
});
export type ToolPolicyRule = z.infer<typeof toolPolicyRuleSchema>;

export const toolPolicySchema = z.strictObject({
  /** What happens to a call no rule matches. */
  default_action: z.enum(TOOL_POLICY_ACTIONS).default("deny"),
  /** Used by `require_approval` rules without their own timeout. */
  approval_timeout_ms: approvalTimeout.default(300_000),
  rules: z.array(toolPolicyRuleSchema).max(500).default([]),
});
export type ToolPolicy = z.infer<typeof toolPolicySchema>;

/** An agent without a stored policy: every tool of the servers in its `allowed_mcp_servers`. */
export const ALLOW_ALL_TOOL_POLICY: ToolPolicy = { default_action: "allow", approval_timeout_ms: 300_000, rules: [] };
