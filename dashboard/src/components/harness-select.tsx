import { AGENT_HARNESSES, type AgentHarness } from "../api/agents-api.ts";

/** The client an agent runs as: one option per harness the admin API knows. */
export function HarnessSelect({
  value,
  onChange,
  name,
}: {
  value: AgentHarness;
  onChange: (harness: AgentHarness) => void;
  name?: string;
}) {
  return (
    <select name={name} value={value} onChange={(event) => onChange(event.currentTarget.value as AgentHarness)}>
      {AGENT_HARNESSES.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}
