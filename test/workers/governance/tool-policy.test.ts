import { describe, expect, it } from "vitest";
import { checkToolArguments } from "../../../workers/core/governance/check-tool-arguments.ts";
import {
  globMatches,
  toolPolicyDecision,
  toolPolicyLists,
} from "../../../workers/core/governance/tool-policy-decision.ts";
import { toolPolicySchema } from "../../../workers/core/governance/tool-policy-schema.ts";

const policy = toolPolicySchema.parse({
  default_action: "deny",
  rules: [
    {
      server: "db",
      tool: "run_query",
      when: { query: { pattern: "^\\s*UPDATE" } },
      action: "require_approval",
      approval_timeout_ms: 5000,
    },
    {
      server: "db",
      tool: "run_query",
      action: "allow",
      arguments: { query: { type: "string", notContains: ["DELETE"], maxLength: 50 } },
    },
    { server: "github", tool: "delete_*", action: "deny" },
    { server: "*", tool: "search*", action: "allow" },
  ],
});
const call = (server: string, tool: string, args: Record<string, unknown> = {}) =>
  toolPolicyDecision(policy, { server, tool, arguments: args });

describe("tool policy decisions", () => {
  it("takes the first matching rule: conditional approval, then argument rules, then deny by default", () => {
    expect(call("db", "run_query", { query: "UPDATE t SET a = 1" })).toEqual({
      action: "require_approval",
      rule: 0,
      timeoutMs: 5000,
    });
    expect(call("db", "run_query", { query: "SELECT 1" })).toEqual({ action: "allow", rule: 1 });
    expect(call("db", "run_query", { query: "select 1; DeLeTe from t" })).toMatchObject({
      action: "deny",
      reason: "argument_rule",
      rule: 1,
    });
    expect(call("db", "run_query", { query: ["DELETE"] })).toMatchObject({ action: "deny", reason: "argument_rule" });
    expect(call("github", "delete_repo")).toMatchObject({ action: "deny", reason: "tool_denied", rule: 2 });
    expect(call("github", "search_code")).toEqual({ action: "allow", rule: 3 });
    expect(call("github", "create_issue")).toMatchObject({ action: "deny", rule: null });
  });

  it("lists a tool when some call of it could pass", () => {
    expect(toolPolicyLists(policy, "db", "run_query")).toBe(true);
    expect(toolPolicyLists(policy, "github", "delete_repo")).toBe(false);
    expect(toolPolicyLists(policy, "github", "create_issue")).toBe(false);
    expect(toolPolicyLists(policy, "docs", "search")).toBe(true);
  });

  it("checks the JSON Schema subset and the extensions", () => {
    const constraints = {
      limit: { type: "integer" as const, minimum: 1, maximum: 100 },
      mode: { enum: ["fast", "safe"], required: true },
      "options.path": { pattern: "^/srv/", notPattern: "\\.\\." },
    };
    expect(checkToolArguments({ limit: 5, mode: "fast", options: { path: "/srv/a" } }, constraints)).toBeUndefined();
    expect(checkToolArguments({ limit: 0, mode: "fast" }, constraints)?.message).toBe("'limit' must be at least 1");
    expect(checkToolArguments({ limit: 1.5, mode: "fast" }, constraints)?.message).toBe(
      "'limit' must be of type integer",
    );
    expect(checkToolArguments({}, constraints)?.message).toBe("'mode' is required");
    expect(checkToolArguments({ mode: "x" }, constraints)?.message).toBe('\'mode\' must be one of ["fast","safe"]');
    expect(checkToolArguments({ mode: "safe", options: { path: "/srv/../etc" } }, constraints)?.argument).toBe(
      "options.path",
    );
    // Full-width letters fold to the word the policy refuses.
    expect(checkToolArguments({ q: "ＤＥＬＥＴＥ" }, { q: { notContains: ["delete"] } })?.message).toBe(
      "'q' must not contain 'delete'",
    );
  });

  it("matches globs on whole names", () => {
    expect(globMatches("delete_*", "delete_repo")).toBe(true);
    expect(globMatches("delete_*", "undelete_repo")).toBe(false);
    expect(globMatches("*_repo", "delete_repo")).toBe(true);
    expect(globMatches("a*b*c", "abc")).toBe(true);
    expect(globMatches("a*b*c", "acb")).toBe(false);
    expect(globMatches("*", "")).toBe(true);
  });

  it("refuses invalid regular expressions and unknown keywords when a policy is saved", () => {
    expect(
      toolPolicySchema.safeParse({
        rules: [{ server: "*", tool: "*", action: "allow", when: { q: { pattern: "(" } } }],
      }).success,
    ).toBe(false);
    expect(
      toolPolicySchema.safeParse({
        rules: [{ server: "*", tool: "*", action: "allow", when: { q: { format: "email" } } }],
      }).success,
    ).toBe(false);
  });
});
