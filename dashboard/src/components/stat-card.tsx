/** One headline number with its label and an optional note. */
export function StatCard({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: "bad" }) {
  return (
    <div class={tone === "bad" ? "stat-card bad" : "stat-card"}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {note === undefined ? null : <div class="stat-note">{note}</div>}
    </div>
  );
}
