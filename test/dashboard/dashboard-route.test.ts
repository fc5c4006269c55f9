import { describe, expect, it } from "vitest";
import { hrefOf, parseRoute, type Route } from "../../dashboard/src/router/route.ts";

describe("dashboard routes", () => {
  it.each<Route>([
    { page: "overview" },
    { page: "keys" },
    { page: "teams" },
    { page: "models" },
    { page: "agents" },
    { page: "agent", agentId: "repo maintainer/1" },
    { page: "sessions", agentId: undefined },
    { page: "sessions", agentId: "agent-7" },
    { page: "session", sessionId: "sess-1", scope: undefined },
    { page: "session", sessionId: "sess/2", scope: "team:platform" },
    { page: "audit" },
  ])("round-trips %o through the URL hash", (route) => {
    expect(parseRoute(hrefOf(route))).toEqual(route);
  });

  it("names an unknown path instead of guessing a page", () => {
    expect(parseRoute("#/nope")).toEqual({ page: "not-found", path: "/nope" });
    expect(parseRoute("#/keys/extra/parts")).toEqual({ page: "not-found", path: "/keys/extra/parts" });
  });
});
