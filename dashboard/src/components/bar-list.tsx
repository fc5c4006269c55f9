import { formatCount, formatUsd } from "../format/format-values.ts";

export interface BarListItem {
  label: string;
  spendUsd: number;
  requests: number;
  href?: string;
}

/** A ranked breakdown (spend by model, provider, team, agent): horizontal bars scaled to the largest. */
export function BarList({ items, emptyText }: { items: BarListItem[]; emptyText: string }) {
  if (items.length === 0) return <p class="muted">{emptyText}</p>;
  const largest = Math.max(...items.map((item) => item.spendUsd), 0);
  return (
    <ul class="bar-list">
      {items.map((item) => (
        <li key={item.label}>
          <div class="bar-list-row">
            {item.href === undefined ? <span>{item.label}</span> : <a href={item.href}>{item.label}</a>}
            <span class="numeric">
              {formatUsd(item.spendUsd)} <span class="muted">· {formatCount(item.requests)} req</span>
            </span>
          </div>
          <div class="bar-track">
            <div class="bar-fill" style={{ width: `${largest === 0 ? 0 : (item.spendUsd / largest) * 100}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}
