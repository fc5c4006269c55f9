import { describe, expect, it } from "vitest";
import { sessionObjectName, sessionScopeOf } from "../../../workers/core/session/session-scope.ts";

describe("session scope", () => {
  it("is the team for keys in a team, else the key", () => {
    expect(sessionScopeOf({ keyHash: "abc", teamId: "acme" })).toBe("team:acme");
    expect(sessionScopeOf({ keyHash: "abc", teamId: null })).toBe("key:abc");
  });

  it("names objects so that no team id or session id can reach another scope's object", () => {
    const crafted = sessionObjectName(sessionScopeOf({ keyHash: "x", teamId: "a/b" }), "c");
    const honest = sessionObjectName(sessionScopeOf({ keyHash: "x", teamId: "a" }), "b/c");
    expect(crafted).toBe("team:a%2Fb/c");
    expect(honest).toBe("team:a/b/c");
    expect(crafted).not.toBe(honest);
  });
});
