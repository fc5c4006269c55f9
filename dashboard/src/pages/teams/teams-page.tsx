import { useState } from "preact/hooks";
import { deleteTeams, fetchTeamSpend, listTeams, type TeamInfo, updateTeam } from "../../api/teams-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { Badge } from "../../components/badge.tsx";
import { BudgetBar } from "../../components/budget-bar.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { ErrorBanner } from "../../components/error-banner.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { formatCount } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";
import { TeamFormDialog } from "./team-form-dialog.tsx";

type Dialog =
  | { kind: "none" }
  | { kind: "create" }
  | { kind: "edit"; team: TeamInfo }
  | { kind: "delete"; team: TeamInfo };

/** Teams with their spend against budget; admins create, limit, block and delete them. */
export function TeamsPage() {
  const { permissions } = useSignedIn();
  const [dialog, setDialog] = useState<Dialog>({ kind: "none" });
  const [actionError, setActionError] = useState<Error | null>(null);
  const { state, reload } = useAsync(async () => {
    const [teams, spend] = await Promise.all([listTeams(), fetchTeamSpend()]);
    return { teams, spendByTeam: new Map(spend.map((row) => [row.team_id, row])) };
  }, []);
  const close = () => setDialog({ kind: "none" });
  const setBlocked = (team: TeamInfo, blocked: boolean) => {
    setActionError(null);
    updateTeam(team.team_id, { blocked }).then(reload, (error: unknown) =>
      setActionError(error instanceof Error ? error : new Error(String(error))),
    );
  };

  return (
    <>
      <PageHeader
        title="Teams"
        description="A team's budget and limits apply on top of each of its keys' and agents'."
        actions={
          <>
            <button type="button" class="button" onClick={reload}>
              Refresh
            </button>
            {permissions.manageTeams ? (
              <button type="button" class="button primary" onClick={() => setDialog({ kind: "create" })}>
                Create team
              </button>
            ) : null}
          </>
        }
      />
      {actionError === null ? null : <ErrorBanner error={actionError} />}
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading teams…">
        {({ teams, spendByTeam }) =>
          teams.length === 0 ? (
            <EmptyState title="No teams yet">
              {permissions.manageTeams
                ? "Create a team to group keys and agents under one budget."
                : "An admin creates teams; yours will show up here."}
            </EmptyState>
          ) : (
            <table class="table" data-testid="teams-table">
              <thead>
                <tr>
                  <th>Team</th>
                  <th title="All-time spend against the team's budget">Spend / budget</th>
                  <th class="numeric">Requests</th>
                  <th>Limits</th>
                  <th>Models</th>
                  <th>Status</th>
                  {permissions.renameTeams ? <th aria-label="Actions" /> : null}
                </tr>
              </thead>
              <tbody>
                {teams.map((team) => {
                  const spend = spendByTeam.get(team.team_id);
                  return (
                    <tr key={team.team_id}>
                      <td>
                        <div>{team.team_alias ?? team.team_id}</div>
                        <code class="muted small">{team.team_id}</code>
                      </td>
                      <td>
                        <BudgetBar spend={spend?.spend ?? 0} budget={team.max_budget} />
                      </td>
                      <td class="numeric">{formatCount(spend?.requests ?? 0)}</td>
                      <td class="small">
                        {[
                          team.rpm_limit === null ? null : `${formatCount(team.rpm_limit)} rpm`,
                          team.tpm_limit === null ? null : `${formatCount(team.tpm_limit)} tpm`,
                          team.budget_duration === null ? null : `budget per ${team.budget_duration}`,
                        ]
                          .filter((part) => part !== null)
                          .join(" · ") || "—"}
                      </td>
                      <td class="small">{team.models.length === 0 ? "all" : team.models.join(", ")}</td>
                      <td>{team.blocked ? <Badge tone="bad">blocked</Badge> : <Badge tone="ok">active</Badge>}</td>
                      {permissions.renameTeams ? (
                        <td class="row-actions">
                          <button type="button" class="button small" onClick={() => setDialog({ kind: "edit", team })}>
                            Edit
                          </button>
                          {permissions.manageTeams ? (
                            <>
                              <button
                                type="button"
                                class="button small"
                                onClick={() => setBlocked(team, !team.blocked)}
                              >
                                {team.blocked ? "Unblock" : "Block"}
                              </button>
                              <button
                                type="button"
                                class="button small danger"
                                onClick={() => setDialog({ kind: "delete", team })}
                              >
                                Delete
                              </button>
                            </>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </AsyncView>
      {dialog.kind === "create" || dialog.kind === "edit" ? (
        <TeamFormDialog
          team={dialog.kind === "edit" ? dialog.team : undefined}
          onClose={close}
          onSaved={() => {
            close();
            reload();
          }}
        />
      ) : null}
      {dialog.kind === "delete" ? (
        <ConfirmDialog
          title="Delete team"
          confirmLabel="Delete team and its keys"
          onClose={close}
          onConfirm={() => deleteTeams([dialog.team.team_id]).then(reload)}
        >
          <p>
            Delete <strong>{dialog.team.team_alias ?? dialog.team.team_id}</strong>? Its keys are deleted with it.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
