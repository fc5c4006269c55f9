import type { AnalyticsOverview } from "../../api/analytics-api.ts";
import { BudgetBar } from "../../components/budget-bar.tsx";
import { formatCount, formatUsd, shortHash } from "../../format/format-values.ts";

/** Who spends the most, and which budgets are about to run out. */
export function OverviewSpenders({ overview }: { overview: AnalyticsOverview }) {
  return (
    <div class="card-grid two">
      <section class="card">
        <h2>Top spenders</h2>
        {overview.top_keys.length === 0 ? (
          <p class="muted">No key spent anything in this range.</p>
        ) : (
          <table class="table compact">
            <thead>
              <tr>
                <th>Key</th>
                <th class="numeric">Spend</th>
                <th class="numeric">Requests</th>
              </tr>
            </thead>
            <tbody>
              {overview.top_keys.map((row) => (
                <tr key={row.token}>
                  <td>{row.key_alias ?? <code>{shortHash(row.token)}</code>}</td>
                  <td class="numeric">{formatUsd(row.spend_usd)}</td>
                  <td class="numeric">{formatCount(row.requests)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>Budgets near their limit</h2>
        {overview.budgets_near_limit.length === 0 ? (
          <p class="muted">Every budget has room. Keys, teams and agents above 80 % of their budget show up here.</p>
        ) : (
          <ul class="budget-list">
            {overview.budgets_near_limit.map((row) => (
              <li key={`${row.scope}:${row.id}`}>
                <div>
                  <span class="badge neutral">{row.scope}</span> {row.name ?? shortHash(row.id)}
                </div>
                <BudgetBar spend={row.spend_usd} budget={row.max_budget_usd} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
