import { EmptyState } from "../components/empty-state.tsx";
import type { Route } from "../router/route.ts";
import { AgentDetailPage } from "./agents/agent-detail-page.tsx";
import { AgentsPage } from "./agents/agents-page.tsx";
import { AuditPage } from "./audit/audit-page.tsx";
import { KeysPage } from "./keys/keys-page.tsx";
import { ModelsPage } from "./models/models-page.tsx";
import { OverviewPage } from "./overview/overview-page.tsx";
import { SessionTracePage } from "./sessions/session-trace-page.tsx";
import { SessionsPage } from "./sessions/sessions-page.tsx";
import { TeamsPage } from "./teams/teams-page.tsx";

export function PageForRoute({ route }: { route: Route }) {
  switch (route.page) {
    case "overview":
      return <OverviewPage />;
    case "keys":
      return <KeysPage />;
    case "teams":
      return <TeamsPage />;
    case "models":
      return <ModelsPage />;
    case "agents":
      return <AgentsPage />;
    case "agent":
      return <AgentDetailPage key={route.agentId} agentId={route.agentId} />;
    case "sessions":
      return <SessionsPage key={route.agentId ?? ""} initialAgentId={route.agentId} />;
    case "session":
      return <SessionTracePage key={route.sessionId} sessionId={route.sessionId} scope={route.scope} />;
    case "audit":
      return <AuditPage />;
    case "not-found":
      return (
        <EmptyState title="No such page" action={<a href="#/">Go to the overview</a>}>
          Nothing lives at <code>{route.path}</code>.
        </EmptyState>
      );
    default: {
      const unreachable: never = route;
      throw new Error(`unknown route ${JSON.stringify(unreachable)}`);
    }
  }
}
