import { Fragment } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { SessionTrace } from "../../api/sessions-api.ts";
import { formatCount, formatMs, formatUsd } from "../../format/format-values.ts";
import { ReplayPanel } from "./replay-panel.tsx";
import { ModelCallDetails, ToolCallDetails } from "./span-details.tsx";
import { type WaterfallRow, waterfallLayout } from "./waterfall-layout.ts";

const percent = (value: number, total: number) => `${(value / total) * 100}%`;

function RowLabel({ row }: { row: Exclude<WaterfallRow, { kind: "turn" }> }) {
  if (row.kind === "model") {
    const call = row.call;
    return (
      <>
        <span class={call.status >= 400 ? "span-icon model bad" : "span-icon model"} aria-hidden="true" />
        <span class="span-name">
          #{call.sequence} {call.modelGroup}
        </span>
        {call.replayOf === null ? null : <span class="badge neutral">replay</span>}
        <span class="span-meta">
          {formatCount(call.usage.inputTokens)}→{formatCount(call.usage.outputTokens)} tok · {formatUsd(call.costUsd)}
        </span>
      </>
    );
  }
  return (
    <>
      <span class={row.tool.isError === true ? "span-icon tool bad" : "span-icon tool"} aria-hidden="true" />
      <span class="span-name">{row.tool.name}</span>
      <span class="span-meta">{row.pending ? "no result yet" : "tool"}</span>
    </>
  );
}

/**
 * The session on one time axis: turns, model calls (bar = latency, tick = first token) and the tool
 * calls between them. A row opens to its raw inputs/outputs and, for model calls, replay.
 */
export function Waterfall({
  trace,
  canReplay,
  scope,
}: {
  trace: SessionTrace;
  canReplay: boolean;
  scope: string | undefined;
}) {
  const layout = useMemo(() => waterfallLayout(trace), [trace]);
  const [open, setOpen] = useState<string | null>(null);
  const bodies = trace.tracePolicy ?? "metadata";
  return (
    <section class="waterfall" data-testid="waterfall" aria-label="Session trace">
      <div class="waterfall-axis">
        <span>Span</span>
        <span class="waterfall-scale">
          <span>0</span>
          <span>{formatMs(layout.totalMs / 4)}</span>
          <span>{formatMs(layout.totalMs / 2)}</span>
          <span>{formatMs((layout.totalMs * 3) / 4)}</span>
          <span>{formatMs(layout.totalMs)}</span>
        </span>
      </div>
      {layout.rows.map((row) => {
        if (row.kind === "turn") {
          return (
            <div key={row.key} class="waterfall-turn">
              Turn {row.index} · {formatUsd(row.costUsd)} · +{formatMs(row.startMs)}
            </div>
          );
        }
        const expanded = open === row.key;
        return (
          <Fragment key={row.key}>
            <button
              type="button"
              class={`waterfall-row ${row.kind}${expanded ? " open" : ""}`}
              data-testid={`span-${row.kind}`}
              aria-expanded={expanded}
              onClick={() => setOpen(expanded ? null : row.key)}
            >
              <span class="waterfall-label">
                <RowLabel row={row} />
              </span>
              <span class="waterfall-track">
                <span
                  class={`waterfall-bar ${row.kind}${row.kind === "model" && row.call.status >= 400 ? " bad" : ""}`}
                  style={{ left: percent(row.startMs, layout.totalMs), width: percent(row.durationMs, layout.totalMs) }}
                  title={`${formatMs(row.durationMs)} at +${formatMs(row.startMs)}`}
                >
                  {row.kind === "model" && row.call.timeToFirstTokenMs !== null && row.durationMs > 0 ? (
                    <span
                      class="waterfall-ttft"
                      style={{ left: percent(row.call.timeToFirstTokenMs, row.durationMs) }}
                    />
                  ) : null}
                </span>
                <span
                  class="waterfall-duration"
                  style={{ left: percent(row.startMs + row.durationMs, layout.totalMs) }}
                >
                  {formatMs(row.durationMs)}
                </span>
              </span>
            </button>
            {expanded ? (
              <div class="waterfall-details">
                {row.kind === "model" ? (
                  <>
                    <ModelCallDetails call={row.call} bodies={bodies} />
                    {canReplay ? (
                      <ReplayPanel
                        sessionId={trace.sessionId}
                        scope={scope}
                        spanId={row.call.requestId}
                        model={row.call.modelGroup}
                      />
                    ) : null}
                  </>
                ) : (
                  <ToolCallDetails tool={row.tool} />
                )}
              </div>
            ) : null}
          </Fragment>
        );
      })}
    </section>
  );
}
