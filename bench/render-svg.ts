import type { BenchResult } from "./bench-result.ts";
import type { SetupSummary } from "./summarize-runs.ts";

const WIDTH = 760;
const LABEL_WIDTH = 260;
const BAR_HEIGHT = 20;
const ROW_HEIGHT = 28;
const PANEL_TOP = 44;
const COLORS: Record<string, string> = {
  a: "#9aa0a6",
  b: "#5f6368",
  c: "#f38020",
  d: "#f6a04d",
  e: "#c55a11",
  f: "#4285f4",
};

const escapeXml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

interface Panel {
  title: string;
  /** (a) is the mock itself: an order of magnitude off the gateways' scale, and it has no CPU of its own. */
  includesDirect: boolean;
  value: (setup: SetupSummary) => number | undefined;
  format: (value: number) => string;
}

function renderPanel(panel: Panel, allSetups: SetupSummary[], top: number): { svg: string; height: number } {
  const setups = panel.includesDirect ? allSetups : allSetups.filter((setup) => setup.id !== "direct");
  const values = setups.map(panel.value);
  const largest = Math.max(...values.map((value) => Math.abs(value ?? 0)), Number.MIN_VALUE);
  const barSpace = WIDTH - LABEL_WIDTH - 90;
  const rows = setups.map((setup, index) => {
    const value = values[index];
    const y = top + PANEL_TOP + index * ROW_HEIGHT;
    const width = value === undefined ? 0 : Math.max(1, (Math.max(0, value) / largest) * barSpace);
    const text = value === undefined ? "–" : panel.format(value);
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">(${setup.letter}) ${escapeXml(setup.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[setup.letter] ?? "#888"}"/>`,
      `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 14}">${escapeXml(text)}</text>`,
    ].join("");
  });
  const height = PANEL_TOP + setups.length * ROW_HEIGHT + 12;
  return {
    svg: `<text x="16" y="${top + 26}" font-weight="bold" font-size="15">${escapeXml(panel.title)}</text>${rows.join("\n")}`,
    height,
  };
}

/** A hand-written bar chart (no dependencies): throughput, added latency, and CPU per request. */
export function renderSvg(result: BenchResult): string {
  const { options } = result;
  const panels: Panel[] = [
    {
      title: `Requests per second at concurrency ${options.loadConnections} (higher is better)`,
      includesDirect: false,
      value: (setup) => setup.loadRps,
      format: (value) => `${Math.round(value).toLocaleString("en-US")} req/s`,
    },
    {
      title: "Added p50 latency over direct, concurrency 1 (lower is better)",
      includesDirect: false,
      value: (setup) => setup.addedP50VsDirectMs,
      format: (value) => `${value >= 0 ? "+" : ""}${value.toFixed(3)} ms`,
    },
    {
      title: "CPU time per request of the gateway's processes (lower is better)",
      includesDirect: false,
      value: (setup) => setup.cpuMicrosecondsPerRequest,
      format: (value) => `${Math.round(value)} µs`,
    },
  ];
  let top = 0;
  const parts: string[] = [];
  for (const panel of panels) {
    const rendered = renderPanel(panel, result.setups, top);
    parts.push(rendered.svg);
    top += rendered.height;
  }
  const footer = `${result.machine.cpuModel}, ${result.machine.cores} cores · ${result.startedAt.slice(0, 10)} · medians of ${options.repetitions} repetition${options.repetitions === 1 ? "" : "s"}${options.quick ? " (quick mode)" : ""}`;
  const height = top + 30;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13" fill="#202124" role="img">
<title>Switchyard benchmark: requests per second, added latency and CPU per request by setup</title>
<rect width="100%" height="100%" fill="#ffffff"/>
${parts.join("\n")}
<text x="16" y="${height - 10}" font-size="11" fill="#5f6368">${escapeXml(footer)}</text>
</svg>
`;
}
