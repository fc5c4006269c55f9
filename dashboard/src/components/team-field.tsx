import { useSignedIn } from "../auth/session-context.ts";
import { FormField } from "./form-field.tsx";
import { TeamSelect } from "./team-select.tsx";

/** A new key's or agent's team: a picker for admins; a team_admin's own team, fixed. */
export function TeamField({
  value,
  onChange,
  allLabel,
  error,
}: {
  value: string | undefined;
  onChange: (teamId: string | undefined) => void;
  allLabel: string;
  error: string | undefined;
}) {
  const { permissions } = useSignedIn();
  return (
    <FormField label="Team" error={error}>
      {permissions.ownTeam === null ? (
        <TeamSelect value={value} onChange={onChange} allLabel={allLabel} />
      ) : (
        <input value={permissions.ownTeam} disabled />
      )}
    </FormField>
  );
}
