/**
 * IR error code → the `error.code` of a Responses `response.failed` event.
 * Codex reads this code to decide what to do (codex-rs, client › response.failed):
 * `insufficient_quota` stops without retrying — the right answer to an exhausted
 * gateway budget (CLIENTS.md) — `rate_limit_exceeded` retries after a delay,
 * `context_length_exceeded` triggers compaction, and anything else is retried
 * as a transient stream error, which is what `server_error` means.
 */
export function toOpenAiResponsesErrorCode(code: string): string {
  switch (code) {
    case "budget_exceeded":
      return "insufficient_quota";
    case "rate_limited":
      return "rate_limit_exceeded";
    case "upstream_error":
    case "upstream_timeout":
    case "upstream_unreachable":
    case "config_unavailable":
    case "internal":
      return "server_error";
    default:
      // Already an OpenAI code (an OpenAI upstream's own `context_length_exceeded`, …) or one of ours worth showing.
      return code;
  }
}
