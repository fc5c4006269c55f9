import { useState } from "preact/hooks";
import { createTeam, type TeamInfo, updateTeam } from "../../api/teams-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { DialogActions } from "../../components/dialog-actions.tsx";
import { FormError } from "../../components/form-error.tsx";
import { FormField } from "../../components/form-field.tsx";
import { LimitsFields } from "../../components/limits-fields.tsx";
import { Modal } from "../../components/modal.tsx";
import { optionalText } from "../../form/form-values.ts";
import { emptyLimitsDraft, LIMITS_FIELDS, limitsDraftOf, limitsFromDraft } from "../../form/limits-draft.ts";
import { useFormSubmit } from "../../form/use-form-submit.ts";

const FIELDS = ["team_id", "team_alias", ...LIMITS_FIELDS] as const;

/** Creates a team (admin) or edits one: a team_admin may rename its own team, only admins change limits. */
export function TeamFormDialog({
  team,
  onClose,
  onSaved,
}: {
  team: TeamInfo | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { permissions } = useSignedIn();
  const [teamId, setTeamId] = useState("");
  const [alias, setAlias] = useState(team?.team_alias ?? "");
  const [limits, setLimits] = useState(team === undefined ? emptyLimitsDraft : limitsDraftOf(team));
  const { errors, general, busy, startParsed, fail } = useFormSubmit(FIELDS);

  const submit = (event: Event) => {
    event.preventDefault();
    const parsed = limitsFromDraft(limits);
    if (!startParsed(parsed)) return;
    const changes = {
      team_alias: optionalText(alias),
      ...(permissions.manageTeams ? parsed.limits : {}),
    };
    const saved =
      team === undefined
        ? createTeam({ ...changes, ...(optionalText(teamId) === null ? {} : { team_id: teamId.trim() }) })
        : updateTeam(team.team_id, changes);
    saved.then(onSaved, fail);
  };

  return (
    <Modal
      title={team === undefined ? "Create a team" : `Edit ${team.team_alias ?? team.team_id}`}
      onClose={onClose}
      wide
    >
      <form class="stack" onSubmit={submit}>
        <div class="form-grid">
          {team === undefined ? (
            <FormField label="Team id" hint="Blank: a random id" error={errors.team_id}>
              <input name="team_id" value={teamId} onInput={(event) => setTeamId(event.currentTarget.value)} />
            </FormField>
          ) : null}
          <FormField label="Name" error={errors.team_alias}>
            <input name="team_alias" value={alias} onInput={(event) => setAlias(event.currentTarget.value)} />
          </FormField>
        </div>
        <h3>Budget and limits</h3>
        {permissions.manageTeams ? null : <p class="muted small">Only admins change a team's budget and limits.</p>}
        <LimitsFields draft={limits} onChange={setLimits} errors={errors} disabled={!permissions.manageTeams} />
        <FormError message={general} />
        <DialogActions busy={busy} submitLabel={team === undefined ? "Create team" : "Save"} onCancel={onClose} />
      </form>
    </Modal>
  );
}
