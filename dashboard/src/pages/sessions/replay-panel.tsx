import { useState } from "preact/hooks";
import { type ReplayOutput, type ReplayResult, type ReplayUsage, replaySpan } from "../../api/sessions-api.ts";
import { CodeBlock } from "../../components/code-block.tsx";
import { FormField } from "../../components/form-field.tsx";
import { ModelNameInput } from "../../components/model-name-input.tsx";
import { optionalNumber } from "../../form/form-values.ts";
import { formatCount, formatMs, formatUsd } from "../../format/format-values.ts";
import { hrefOf } from "../../router/route.ts";

function outputText(output: ReplayOutput | null): string {
  if (output === null) return "(the recorded answer was not kept)";
  const calls = output.tool_calls.map((call) => `→ ${call.name}(${call.arguments})`);
  return [output.text, ...calls].filter((part) => part !== "").join("\n") || "(empty answer)";
}

const tokensOf = (usage: ReplayUsage) =>
  `${formatCount(usage.input_tokens)} in · ${formatCount(usage.output_tokens)} out`;

/** Sends a recorded model call again, optionally to another model or temperature, and compares the answers. */
export function ReplayPanel({
  sessionId,
  scope,
  spanId,
  model,
}: {
  sessionId: string;
  scope: string | undefined;
  spanId: string;
  model: string;
}) {
  const [replayModel, setReplayModel] = useState(model);
  const [temperature, setTemperature] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReplayResult | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    const parsedTemperature = optionalNumber(temperature);
    if (!parsedTemperature.ok) {
      setError(`Temperature: ${parsedTemperature.message}`);
      return;
    }
    setBusy(true);
    setError(null);
    replaySpan(sessionId, spanId, scope, {
      ...(replayModel.trim() === "" || replayModel === model ? {} : { model: replayModel.trim() }),
      ...(parsedTemperature.value === null ? {} : { temperature: parsedTemperature.value }),
    }).then(
      (answer) => {
        setResult(answer);
        setBusy(false);
      },
      (thrown: unknown) => {
        setError(thrown instanceof Error ? thrown.message : String(thrown));
        setBusy(false);
      },
    );
  };

  return (
    <div class="replay">
      <form class="inline-form" onSubmit={submit} aria-label="Replay">
        <FormField label="Model">
          <ModelNameInput name={`replay-model-${spanId}`} value={replayModel} onChange={setReplayModel} />
        </FormField>
        <FormField label="Temperature">
          <input
            inputMode="decimal"
            placeholder="as recorded"
            value={temperature}
            onInput={(event) => setTemperature(event.currentTarget.value)}
          />
        </FormField>
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Replaying…" : "Replay"}
        </button>
      </form>
      {error === null ? null : (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {result === null || result.warnings.length === 0 ? null : (
        <ul class="warning-list">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {result === null ? null : (
        <div class="replay-compare" data-testid="replay-result">
          <div>
            <h4>Recorded · {result.original.model}</h4>
            <p class="small muted">
              {tokensOf(result.original.usage)} · {formatUsd(result.original.cost_usd)}
            </p>
            <CodeBlock code={outputText(result.original.output)} />
          </div>
          <div>
            <h4>Replay · {result.replay.model}</h4>
            <p class="small muted">
              {tokensOf(result.replay.usage)} · {formatUsd(result.replay.cost_usd)} ·{" "}
              {formatMs(result.replay.latency_ms)} ·{" "}
              <a
                href={hrefOf({
                  page: "session",
                  sessionId: result.replay.session_id,
                  scope: result.replay.session_scope,
                })}
              >
                its trace
              </a>
            </p>
            <CodeBlock code={outputText(result.replay.output)} />
          </div>
        </div>
      )}
    </div>
  );
}
