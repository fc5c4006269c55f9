import { useState } from "preact/hooks";
import { AdminApiError } from "../../api/admin-api-error.ts";
import { fetchActiveConfig, fetchConfigVersions } from "../../api/config-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { useAsync } from "../../hooks/use-async.ts";
import { ActiveConfigCard } from "./active-config-card.tsx";
import { ConfigImportCard } from "./config-import-card.tsx";
import { ConfigVersionsCard } from "./config-versions-card.tsx";
import { DeploymentsCard } from "./deployments-card.tsx";

/** The active config (404 before the first import is "no config yet", not a failure) and its versions. */
async function loadConfig() {
  const [active, versions] = await Promise.all([
    fetchActiveConfig().catch((error: unknown) => {
      if (error instanceof AdminApiError && error.status === 404) return null;
      throw error;
    }),
    fetchConfigVersions(),
  ]);
  return { active, versions: versions.versions };
}

/** Models and config: deployments with their health, the active config, its versions, and import. */
export function ModelsPage() {
  const { permissions } = useSignedIn();
  const { state, reload } = useAsync(loadConfig, []);
  // A new version changes the deployments: their card starts over with it.
  const [imports, setImports] = useState(0);
  const onImported = () => {
    setImports((count) => count + 1);
    reload();
  };
  return (
    <>
      <PageHeader
        title="Models & config"
        description="The LiteLLM config the gateway routes by, and how its deployments are doing."
      />
      <DeploymentsCard key={imports} />
      {permissions.importConfig ? <ConfigImportCard onImported={onImported} /> : null}
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading the active config…">
        {({ active, versions }) => (
          <>
            {active === null ? (
              <EmptyState title="No config yet">
                {permissions.importConfig
                  ? "Import a LiteLLM config.yaml above (or run npm run config:import) to start routing."
                  : "An admin imports the config; it will show up here."}
              </EmptyState>
            ) : (
              <ActiveConfigCard active={active} />
            )}
            {versions.length === 0 ? null : <ConfigVersionsCard versions={versions} />}
          </>
        )}
      </AsyncView>
    </>
  );
}
