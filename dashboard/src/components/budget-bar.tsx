import { formatUsd } from "../format/format-values.ts";

/** Spend against a budget; amber from 80 %, red at the limit. Without a budget, just the spend. */
export function BudgetBar({ spend, budget }: { spend: number; budget: number | null }) {
  if (budget === null) return <span class="numeric">{formatUsd(spend)}</span>;
  const fraction = budget === 0 ? 1 : spend / budget;
  const tone = fraction >= 1 ? "over" : fraction >= 0.8 ? "near" : "ok";
  return (
    <div class="budget" title={`${formatUsd(spend)} of ${formatUsd(budget)}`}>
      <span class="numeric">
        {formatUsd(spend)} <span class="muted">/ {formatUsd(budget)}</span>
      </span>
      <div class="bar-track">
        <div class={`bar-fill ${tone}`} style={{ width: `${Math.min(1, fraction) * 100}%` }} />
      </div>
    </div>
  );
}
