import { describe, expect, it } from "vitest";
import { budgetScopeName, parseBudgetScopeName } from "../../../workers/core/budget/budget-scope.ts";

describe("budgetScopeName", () => {
  it("names one Durable Object per key hash, team, user, agent and session", () => {
    const keyHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    expect(budgetScopeName({ kind: "key", id: keyHash })).toBe(`key:${keyHash}`);
    expect(budgetScopeName({ kind: "team", id: "team_engineering" })).toBe("team:team_engineering");
    expect(budgetScopeName({ kind: "user", id: "user_42" })).toBe("user:user_42");
    expect(budgetScopeName({ kind: "agent", id: "agent_reviewer" })).toBe("agent:agent_reviewer");
    expect(budgetScopeName({ kind: "session", id: "0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7" })).toBe(
      "session:0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7",
    );
  });

  it("refuses an empty id, which would merge unrelated callers into one scope", () => {
    expect(() => budgetScopeName({ kind: "team", id: "" })).toThrow("empty team id for a budget scope");
  });
});

describe("parseBudgetScopeName", () => {
  it("reads a name back, keeping colons inside the id", () => {
    expect(parseBudgetScopeName("session:claude:abc")).toEqual({ kind: "session", id: "claude:abc" });
    expect(parseBudgetScopeName("team:t1")).toEqual({ kind: "team", id: "t1" });
  });

  it("rejects unknown kinds and empty parts", () => {
    expect(parseBudgetScopeName("org:o1")).toBeUndefined();
    expect(parseBudgetScopeName("team:")).toBeUndefined();
    expect(parseBudgetScopeName(":t1")).toBeUndefined();
    expect(parseBudgetScopeName("team")).toBeUndefined();
  });
});
