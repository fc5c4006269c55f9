import { useMemo } from "preact/hooks";
import type { AnalyticsPoint } from "../../api/analytics-api.ts";
import { type ChartSeries, TimeSeriesChart } from "../../components/time-series-chart.tsx";
import { formatCount, formatMs, formatUsd } from "../../format/format-values.ts";

/** One series: how it is drawn, and which of a point's values it plots. */
type SeriesSpec = Omit<ChartSeries, "values"> & { value: (point: AnalyticsPoint) => number | null };

const CHARTS: ReadonlyArray<{ title: string; series: readonly SeriesSpec[] }> = [
  {
    title: "Spend over time",
    series: [{ label: "Spend", value: (point) => point.spend_usd, color: "#3b5bdb", format: formatUsd, style: "bars" }],
  },
  {
    title: "Requests and errors",
    series: [
      { label: "Requests", value: (point) => point.requests, color: "#2b8a3e", format: formatCount, style: "bars" },
      { label: "Errors", value: (point) => point.errors, color: "#e03131", format: formatCount, style: "bars" },
    ],
  },
  {
    title: "Latency p50 / p95",
    series: [
      { label: "p50", value: (point) => point.p50_ms, color: "#1971c2", format: formatMs, style: "line" },
      { label: "p95", value: (point) => point.p95_ms, color: "#f08c00", format: formatMs, style: "line" },
    ],
  },
];

/** Spend, traffic and latency per bucket. */
export function OverviewCharts({ points }: { points: AnalyticsPoint[] }) {
  const charts = useMemo(
    () => ({
      timestamps: points.map((point) => point.t),
      series: CHARTS.map((chart) =>
        chart.series.map(({ value, ...spec }): ChartSeries => ({ ...spec, values: points.map(value) })),
      ),
    }),
    [points],
  );
  return (
    <div class="chart-grid">
      {CHARTS.map((chart, index) => (
        <TimeSeriesChart
          key={chart.title}
          title={chart.title}
          timestamps={charts.timestamps}
          series={charts.series[index] ?? []}
        />
      ))}
    </div>
  );
}
