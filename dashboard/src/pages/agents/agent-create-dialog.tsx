import { useState } from "preact/hooks";
import { type AgentHarness, createAgent } from "../../api/agents-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { DialogActions } from "../../components/dialog-actions.tsx";
import { FormError } from "../../components/form-error.tsx";
import { FormField } from "../../components/form-field.tsx";
import { HarnessSelect } from "../../components/harness-select.tsx";
import { Modal } from "../../components/modal.tsx";
import { ModelNameInput } from "../../components/model-name-input.tsx";
import { TeamField } from "../../components/team-field.tsx";
import { optionalText } from "../../form/form-values.ts";
import { useFormSubmit } from "../../form/use-form-submit.ts";

const FIELDS = ["name", "team_id", "harness", "default_model", "description", "agent_id"] as const;

/** Registers an agent; the answer carries its key, which the caller shows once. */
export function AgentCreateDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (agentId: string, key: string) => void;
}) {
  const { permissions } = useSignedIn();
  const [name, setName] = useState("");
  const [teamId, setTeamId] = useState<string | undefined>(permissions.ownTeam ?? undefined);
  const [harness, setHarness] = useState<AgentHarness>("claude-code");
  const [model, setModel] = useState("");
  const [description, setDescription] = useState("");
  const { errors, general, busy, start, fail } = useFormSubmit(FIELDS);

  const submit = (event: Event) => {
    event.preventDefault();
    start();
    createAgent({
      name,
      harness,
      default_model: model.trim(),
      description: optionalText(description),
      ...(teamId === undefined ? {} : { team_id: teamId }),
    }).then((created) => onCreated(created.agent_id, created.key), fail);
  };

  return (
    <Modal title="Register an agent" onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        <FormField label="Name" error={errors.name}>
          <input name="name" required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </FormField>
        <TeamField value={teamId} onChange={setTeamId} allLabel="Choose a team" error={errors.team_id} />
        <FormField label="Harness" error={errors.harness}>
          <HarnessSelect name="harness" value={harness} onChange={setHarness} />
        </FormField>
        <FormField label="Default model" hint="A model name from the active config" error={errors.default_model}>
          <ModelNameInput name="default_model" value={model} onChange={setModel} />
        </FormField>
        <FormField label="Description" error={errors.description}>
          <input
            name="description"
            value={description}
            onInput={(event) => setDescription(event.currentTarget.value)}
          />
        </FormField>
        <FormError message={general} />
        <DialogActions busy={busy} submitLabel="Register agent" busyLabel="Registering…" onCancel={onClose} />
      </form>
    </Modal>
  );
}
