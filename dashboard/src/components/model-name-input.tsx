import { fetchModelInfo } from "../api/deployments-api.ts";
import { useAsync } from "../hooks/use-async.ts";

/** A model group name, with the active config's model names offered as suggestions. */
export function ModelNameInput({
  name,
  value,
  onChange,
  disabled = false,
}: {
  name: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  const { state } = useAsync(() => fetchModelInfo().catch(() => ({ data: [] })), []);
  const names = [...new Set((state.data?.data ?? []).map((model) => model.model_name))];
  const listId = `${name}-options`;
  return (
    <>
      <input
        name={name}
        list={listId}
        value={value}
        disabled={disabled}
        required
        onInput={(event) => onChange(event.currentTarget.value)}
      />
      <datalist id={listId}>
        {names.map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
    </>
  );
}
