import { useSignedIn } from "../auth/session-context.ts";
import { hrefOf, type Route } from "../router/route.ts";

type TopPage = "overview" | "keys" | "teams" | "models" | "agents" | "sessions" | "audit";

const ITEMS: Array<{ page: TopPage; label: string; href: string }> = [
  { page: "overview", label: "Overview", href: hrefOf({ page: "overview" }) },
  { page: "keys", label: "Keys", href: hrefOf({ page: "keys" }) },
  { page: "teams", label: "Teams", href: hrefOf({ page: "teams" }) },
  { page: "models", label: "Models & config", href: hrefOf({ page: "models" }) },
  { page: "agents", label: "Agents", href: hrefOf({ page: "agents" }) },
  { page: "sessions", label: "Sessions", href: hrefOf({ page: "sessions", agentId: undefined }) },
  { page: "audit", label: "Audit log", href: hrefOf({ page: "audit" }) },
];

/** The section a route belongs to, for highlighting. */
function sectionOf(route: Route): TopPage | null {
  switch (route.page) {
    case "agent":
      return "agents";
    case "session":
      return "sessions";
    case "not-found":
      return null;
    default:
      return route.page;
  }
}

const ROLE_LABEL = { admin: "Admin", team_admin: "Team admin", viewer: "Viewer (read-only)" } as const;

export function NavBar({ route }: { route: Route }) {
  const { session, signOut } = useSignedIn();
  const current = sectionOf(route);
  return (
    <nav class="nav-bar" aria-label="Main">
      <a class="brand" href="#/">
        Switchyard
      </a>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.page}>
            <a href={item.href} aria-current={current === item.page ? "page" : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      <div class="nav-account">
        <div class="nav-who" data-testid="signed-in-as">
          {session.key_alias ?? "Signed in"}
          <span class="muted">
            {ROLE_LABEL[session.role]}
            {session.team_id === null ? "" : ` · ${session.team_id}`}
          </span>
        </div>
        <button type="button" class="button small" onClick={signOut}>
          Sign out
        </button>
      </div>
    </nav>
  );
}
