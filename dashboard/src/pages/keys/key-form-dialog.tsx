import { useState } from "preact/hooks";
import type { AdminRole } from "../../api/auth-api.ts";
import { generateKey, type KeyInfo, updateKey } from "../../api/keys-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { DialogActions } from "../../components/dialog-actions.tsx";
import { FormError } from "../../components/form-error.tsx";
import { FormField } from "../../components/form-field.tsx";
import { LimitsFields } from "../../components/limits-fields.tsx";
import { Modal } from "../../components/modal.tsx";
import { TeamField } from "../../components/team-field.tsx";
import { optionalText } from "../../form/form-values.ts";
import { emptyLimitsDraft, LIMITS_FIELDS, limitsDraftOf, limitsFromDraft } from "../../form/limits-draft.ts";
import { useFormSubmit } from "../../form/use-form-submit.ts";

const FIELDS = ["key_alias", "team_id", "role", "duration", ...LIMITS_FIELDS] as const;

type Mode = { kind: "create" } | { kind: "edit"; key: KeyInfo };

/** Creates a key (answering it once, to the caller) or edits an existing key's alias and limits. */
export function KeyFormDialog({
  mode,
  onClose,
  onCreated,
  onSaved,
}: {
  mode: Mode;
  onClose: () => void;
  onCreated: (key: string) => void;
  onSaved: () => void;
}) {
  const { permissions } = useSignedIn();
  const existing = mode.kind === "edit" ? mode.key : undefined;
  const [alias, setAlias] = useState(existing?.key_alias ?? "");
  const [teamId, setTeamId] = useState<string | undefined>(existing?.team_id ?? permissions.ownTeam ?? undefined);
  const [role, setRole] = useState<AdminRole | "">("");
  const [duration, setDuration] = useState("");
  const [limits, setLimits] = useState(existing === undefined ? emptyLimitsDraft : limitsDraftOf(existing));
  const { errors, general, busy, startParsed, fail } = useFormSubmit(FIELDS);

  const submit = (event: Event) => {
    event.preventDefault();
    const parsed = limitsFromDraft(limits);
    if (!startParsed(parsed)) return;
    if (existing === undefined) {
      generateKey({
        ...parsed.limits,
        key_alias: optionalText(alias),
        team_id: teamId ?? null,
        ...(role === "" ? {} : { role }),
        ...(optionalText(duration) === null ? {} : { duration: optionalText(duration) }),
      }).then((created) => onCreated(created.key), fail);
    } else {
      updateKey(existing.token, { ...parsed.limits, key_alias: optionalText(alias) }).then(onSaved, fail);
    }
  };

  return (
    <Modal
      title={existing === undefined ? "Create a key" : `Edit ${existing.key_alias ?? existing.key_name}`}
      onClose={onClose}
      wide
    >
      <form class="stack" onSubmit={submit}>
        <div class="form-grid">
          <FormField label="Alias" hint="A name to recognise the key by" error={errors.key_alias}>
            <input name="key_alias" value={alias} onInput={(event) => setAlias(event.currentTarget.value)} />
          </FormField>
          {existing === undefined ? (
            <TeamField value={teamId} onChange={setTeamId} allLabel="No team" error={errors.team_id} />
          ) : null}
          {existing === undefined && permissions.manageTeams ? (
            <FormField label="Admin role" hint="Only for keys that sign in here" error={errors.role}>
              <select
                name="role"
                value={role}
                onChange={(event) => setRole(event.currentTarget.value as AdminRole | "")}
              >
                <option value="">None (gateway key)</option>
                <option value="admin">admin</option>
                <option value="team_admin">team_admin</option>
                <option value="viewer">viewer</option>
              </select>
            </FormField>
          ) : null}
          {existing === undefined ? (
            <FormField label="Expires after" hint="e.g. 90d; blank: never" error={errors.duration}>
              <input name="duration" value={duration} onInput={(event) => setDuration(event.currentTarget.value)} />
            </FormField>
          ) : null}
        </div>
        <h3>Budget and limits</h3>
        <LimitsFields draft={limits} onChange={setLimits} errors={errors} />
        <FormError message={general} />
        <DialogActions busy={busy} submitLabel={existing === undefined ? "Create key" : "Save"} onCancel={onClose} />
      </form>
    </Modal>
  );
}
