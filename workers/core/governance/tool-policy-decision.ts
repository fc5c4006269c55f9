import { type ArgumentViolation, checkToolArguments } from "./check-tool-arguments.ts";
import type { ToolPolicy, ToolPolicyRule } from "./tool-policy-schema.ts";

export type ToolDenialReason = "tool_denied" | "argument_rule";

/** What the policy says about one call; `rule` is the 0-based index of the deciding rule, null for the default. */
export type ToolPolicyDecision =
  | { action: "allow"; rule: number | null }
  | { action: "require_approval"; rule: number | null; timeoutMs: number }
  | { action: "deny"; rule: number | null; reason: ToolDenialReason; message: string };

/** `*` matches any run of characters (none included); every other character matches itself. */
export function globMatches(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  const parts = pattern.split("*");
  const first = parts[0] ?? "";
  const last = parts.at(-1) ?? "";
  if (!name.startsWith(first) || name.length < first.length + last.length) return false;
  let position = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, position);
    if (found === -1) return false;
    position = found + part.length;
  }
  return name.slice(position).endsWith(last);
}

function targets(rule: ToolPolicyRule, server: string, tool: string): boolean {
  return globMatches(rule.server, server) && globMatches(rule.tool, tool);
}

function deniedByArguments(rule: number, violation: ArgumentViolation): ToolPolicyDecision {
  return {
    action: "deny",
    rule,
    reason: "argument_rule",
    message: `The tool policy refuses these arguments: ${violation.message}.`,
  };
}

/**
 * The decision for one `tools/call`: the first rule that targets the tool and whose `when` holds decides;
 * a rule that lets the call through still denies it when an `arguments` constraint is broken.
 */
export function toolPolicyDecision(
  policy: ToolPolicy,
  call: { server: string; tool: string; arguments: Record<string, unknown> },
): ToolPolicyDecision {
  for (const [index, rule] of policy.rules.entries()) {
    if (!targets(rule, call.server, call.tool)) continue;
    if (rule.when !== undefined && checkToolArguments(call.arguments, rule.when) !== undefined) continue;
    if (rule.action === "deny") {
      return {
        action: "deny",
        rule: index,
        reason: "tool_denied",
        message: rule.reason ?? `The tool policy does not allow ${call.server}/${call.tool}.`,
      };
    }
    const broken = rule.arguments === undefined ? undefined : checkToolArguments(call.arguments, rule.arguments);
    if (broken !== undefined) return deniedByArguments(index, broken);
    return rule.action === "allow"
      ? { action: "allow", rule: index }
      : { action: "require_approval", rule: index, timeoutMs: rule.approval_timeout_ms ?? policy.approval_timeout_ms };
  }
  switch (policy.default_action) {
    case "allow":
      return { action: "allow", rule: null };
    case "require_approval":
      return { action: "require_approval", rule: null, timeoutMs: policy.approval_timeout_ms };
    case "deny":
      return {
        action: "deny",
        rule: null,
        reason: "tool_denied",
        message: `The tool policy does not allow ${call.server}/${call.tool}.`,
      };
    default: {
      const unreachable: never = policy.default_action;
      return unreachable;
    }
  }
}

/**
 * Whether `tools/list` shows the tool: some call of it could be let through. Rules are read in order
 * up to the first one that targets the tool unconditionally (no `when`), which settles every call that
 * reached it; a conditional rule that does not deny makes the tool listable.
 */
export function toolPolicyLists(policy: ToolPolicy, server: string, tool: string): boolean {
  for (const rule of policy.rules) {
    if (!targets(rule, server, tool)) continue;
    if (rule.action !== "deny") return true;
    if (rule.when === undefined) return false;
  }
  return policy.default_action !== "deny";
}
