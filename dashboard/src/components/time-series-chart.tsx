import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";

/** uPlot is half the bundle and only the overview draws charts: it loads with the first chart. */
const loadUplot = () =>
  Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]).then(([module]) => module.default);

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  format: (value: number) => string;
  /** Bars read better for sums per bucket (spend, requests), lines for rates and percentiles. */
  style: "bars" | "line";
}

function seriesOptions(uplot: typeof uPlot, series: ChartSeries): uPlot.Series {
  const common = {
    label: series.label,
    stroke: series.color,
    width: series.style === "line" ? 2 : 1,
    value: (_chart: uPlot, value: number | null) => (value === null ? "—" : series.format(value)),
    points: { show: series.style === "line" },
  };
  if (series.style === "line") return common;
  return {
    ...common,
    fill: `${series.color}55`,
    paths: uplot.paths.bars?.({ size: [0.7, 40] }),
  };
}

function chartOptions(uplot: typeof uPlot, series: ChartSeries[], width: number, height: number): uPlot.Options {
  const first = series[0];
  return {
    width: Math.max(width, 200),
    height,
    series: [{}, ...series.map((item) => seriesOptions(uplot, item))],
    axes: [
      { stroke: "#5b6576", grid: { stroke: "#eef0f4" } },
      {
        stroke: "#5b6576",
        grid: { stroke: "#eef0f4" },
        size: 70,
        values: (_chart, ticks) => ticks.map((tick) => (first === undefined ? String(tick) : first.format(tick))),
      },
    ],
    scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

const chartData = (timestamps: number[], series: ChartSeries[]): uPlot.AlignedData => [
  timestamps.map((time) => time / 1000),
  ...series.map((item) => item.values),
];

/**
 * uPlot (≈ 50 kB, canvas) over time buckets. The chart is rebuilt when the data changes and resized
 * with its container; `timestamps` are epoch ms, as the analytics API sends them.
 */
export function TimeSeriesChart({
  timestamps,
  series,
  height = 220,
  title,
}: {
  timestamps: number[];
  series: ChartSeries[];
  height?: number;
  title: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    let chart: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    loadUplot().then(
      (uplot) => {
        if (cancelled) return;
        chart = new uplot(
          chartOptions(uplot, series, element.clientWidth, height),
          chartData(timestamps, series),
          element,
        );
        const drawn = chart;
        observer = new ResizeObserver(() => drawn.setSize({ width: Math.max(element.clientWidth, 200), height }));
        observer.observe(element);
      },
      () => {
        element.textContent = "The chart library failed to load; reload the page.";
      },
    );
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [timestamps, series, height]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={container} class="chart-canvas" />
    </figure>
  );
}
