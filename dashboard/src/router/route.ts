/** The dashboard's pages, addressed by the URL hash (`#/sessions/abc`): static hosting needs no rewrites. */
export type Route =
  | { page: "overview" }
  | { page: "keys" }
  | { page: "teams" }
  | { page: "models" }
  | { page: "agents" }
  | { page: "agent"; agentId: string }
  | { page: "sessions"; agentId: string | undefined }
  | { page: "session"; sessionId: string; scope: string | undefined }
  | { page: "audit" }
  | { page: "not-found"; path: string };

export function parseRoute(hash: string): Route {
  const [rawPath = "", rawQuery = ""] = hash.replace(/^#/, "").split("?", 2);
  const parts = rawPath
    .split("/")
    .filter((part) => part !== "")
    .map(decodeURIComponent);
  const query = new URLSearchParams(rawQuery);
  const [first, second] = parts;
  if (parts.length === 0) return { page: "overview" };
  if (parts.length === 1) {
    switch (first) {
      case "keys":
      case "teams":
      case "models":
      case "agents":
      case "audit":
        return { page: first };
      case "sessions":
        return { page: "sessions", agentId: query.get("agent_id") ?? undefined };
      default:
        return { page: "not-found", path: rawPath };
    }
  }
  if (parts.length === 2 && second !== undefined) {
    if (first === "agents") return { page: "agent", agentId: second };
    if (first === "sessions") return { page: "session", sessionId: second, scope: query.get("scope") ?? undefined };
  }
  return { page: "not-found", path: rawPath };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case "overview":
      return "#/";
    case "keys":
    case "teams":
    case "models":
    case "agents":
    case "audit":
      return `#/${route.page}`;
    case "sessions":
      return route.agentId === undefined ? "#/sessions" : `#/sessions?agent_id=${encodeURIComponent(route.agentId)}`;
    case "agent":
      return `#/agents/${encodeURIComponent(route.agentId)}`;
    case "session": {
      const base = `#/sessions/${encodeURIComponent(route.sessionId)}`;
      return route.scope === undefined ? base : `${base}?scope=${encodeURIComponent(route.scope)}`;
    }
    case "not-found":
      return `#${route.path}`;
    default: {
      const unreachable: never = route;
      throw new Error(`unknown route ${JSON.stringify(unreachable)}`);
    }
  }
}
