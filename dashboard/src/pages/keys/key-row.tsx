import type { KeyInfo, KeySpend } from "../../api/keys-api.ts";
import { Badge } from "../../components/badge.tsx";
import { BudgetBar } from "../../components/budget-bar.tsx";
import { formatCount, formatRelative } from "../../format/format-values.ts";
import { KeyStatus } from "./key-status.tsx";

export type KeyAction = "edit" | "block" | "unblock" | "delete";

function limitsText(key: KeyInfo): string {
  const parts = [
    key.rpm_limit === null ? null : `${formatCount(key.rpm_limit)} rpm`,
    key.tpm_limit === null ? null : `${formatCount(key.tpm_limit)} tpm`,
    key.max_parallel_requests === null ? null : `${key.max_parallel_requests} parallel`,
    key.budget_duration === null ? null : `budget per ${key.budget_duration}`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? "—" : parts.join(" · ");
}

export function KeyRow({
  keyInfo,
  spend,
  canWrite,
  now,
  onAction,
}: {
  keyInfo: KeyInfo;
  spend: KeySpend | undefined;
  canWrite: boolean;
  now: number;
  onAction: (action: KeyAction, key: KeyInfo) => void;
}) {
  return (
    <tr data-testid="key-row" data-alias={keyInfo.key_alias ?? ""}>
      <td>
        <div>{keyInfo.key_alias ?? <span class="muted">(no alias)</span>}</div>
        <code class="muted small">{keyInfo.key_name}</code>
      </td>
      <td>{keyInfo.team_id ?? <span class="muted">—</span>}</td>
      <td>
        {keyInfo.role === null ? <span class="muted">gateway</span> : <Badge tone="neutral">{keyInfo.role}</Badge>}
        {keyInfo.agent_id === null ? null : (
          <a class="small" href={`#/agents/${encodeURIComponent(keyInfo.agent_id)}`}>
            {" "}
            agent
          </a>
        )}
      </td>
      <td data-testid="key-spend">
        <BudgetBar spend={spend?.spend ?? 0} budget={keyInfo.max_budget} />
      </td>
      <td class="numeric" data-testid="key-requests">
        {formatCount(spend?.requests ?? 0)}
      </td>
      <td class="small">{limitsText(keyInfo)}</td>
      <td>
        <KeyStatus keyInfo={keyInfo} now={now} />
      </td>
      <td class="small muted">{formatRelative(keyInfo.created_at, now)}</td>
      {canWrite ? (
        <td class="row-actions">
          <button type="button" class="button small" onClick={() => onAction("edit", keyInfo)}>
            Edit
          </button>
          <button
            type="button"
            class="button small"
            onClick={() => onAction(keyInfo.blocked ? "unblock" : "block", keyInfo)}
          >
            {keyInfo.blocked ? "Unblock" : "Block"}
          </button>
          <button type="button" class="button small danger" onClick={() => onAction("delete", keyInfo)}>
            Delete
          </button>
        </td>
      ) : null}
    </tr>
  );
}
