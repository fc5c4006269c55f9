import type { ClientRunContext, ClientUnderTest } from "./client-under-test.ts";
import type { ProcessResult } from "./run-with-timeout.ts";
import { PROOF_OUTPUT, type RecordedCall } from "./scripted-upstream.ts";
import { toolResultTexts } from "./tool-result-texts.ts";

/**
 * Everything that must hold for one client's round trip; returns what failed (empty = pass).
 * `calls` are the scripted upstream's calls made during this client's run only.
 */
export function checkRoundTrip(
  client: ClientUnderTest,
  result: ProcessResult,
  calls: RecordedCall[],
  context: ClientRunContext,
): string[] {
  const failures: string[] = [];
  if (result.timedOut) failures.push(`timed out after ${(result.durationMs / 1000).toFixed(1)} s`);
  else if (result.exitCode !== 0) failures.push(`exit code ${result.exitCode ?? `signal ${result.signal}`}`);

  const wrongFormat = calls.filter((call) => call.format !== client.upstreamFormat);
  if (wrongFormat.length > 0) {
    failures.push(
      `${wrongFormat.length} upstream call(s) in ${wrongFormat.map((call) => call.format).join(", ")}, expected only ${client.upstreamFormat}`,
    );
  }
  if (calls.length < 2)
    failures.push(`the upstream saw ${calls.length} call(s), expected at least 2 (tool call, tool result)`);

  // The call answered with the tool call comes first; a later call must carry its result.
  const withResult = calls.findIndex((call) => toolResultTexts(call).length > 0);
  if (withResult === -1) failures.push("no upstream call carried a tool result");
  else if (withResult === 0) failures.push("the first upstream call already carried a tool result");
  else {
    const texts = toolResultTexts(calls[withResult] as RecordedCall);
    if (!texts.some((text) => text.includes(PROOF_OUTPUT))) {
      failures.push(`the tool result sent upstream lacks ${PROOF_OUTPUT}: ${JSON.stringify(texts).slice(0, 300)}`);
    }
  }

  try {
    const answer = client.finalAnswer(result, context);
    if (!answer.includes(PROOF_OUTPUT)) {
      failures.push(`the final answer lacks ${PROOF_OUTPUT}: ${JSON.stringify(answer.slice(0, 300))}`);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    failures.push(`no final answer: ${reason.slice(0, 300)}${reason.length > 300 ? "…" : ""}`);
  }
  return failures;
}
