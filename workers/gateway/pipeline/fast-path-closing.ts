import type { ApiFormat } from "../../core/formats/api-format.ts";
import { encodeSseEvent } from "../../core/sse/sse-event.ts";
import type { SseTapResult } from "../../core/sse/sse-usage-tap.ts";

const MESSAGE = "The upstream stream ended before it was complete.";

/**
 * What the fast path appends when an upstream stream ends early: each
 * format's own error signal, so SDKs raise an error instead of hanging or
 * reporting a clean finish (Chat also gets `[DONE]`, without which clients wait).
 */
export function fastPathClosing(format: ApiFormat, fallbackResponseId: string, tapped: SseTapResult): Uint8Array {
  switch (format) {
    case "openai-chat":
      return joined(
        encodeSseEvent({
          data: JSON.stringify({ error: { message: MESSAGE, type: "api_error", code: "upstream_error" } }),
        }),
        encodeSseEvent({ data: "[DONE]" }),
      );
    case "anthropic-messages":
      return encodeSseEvent({
        event: "error",
        data: JSON.stringify({ type: "error", error: { type: "api_error", message: MESSAGE } }),
      });
    case "openai-responses": {
      const createdEvent = tapped.usageEvents.find((event) => event.data.includes('"response.created"'));
      return responsesFailedEvent({
        createdResponse: readJson(createdEvent?.data)?.response,
        lastSequence: readJson(tapped.lastEvent?.data)?.sequence_number,
        fallbackResponseId,
        error: { code: "server_error", message: MESSAGE },
      });
    }
    case "gemini":
      return encodeSseEvent({
        data: JSON.stringify({ error: { code: 502, message: MESSAGE, status: "UNAVAILABLE" } }),
      });
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/**
 * A Responses `response.failed` that continues the upstream's stream: SDKs
 * check that a stream's response id never changes and that sequence numbers increase.
 */
export function responsesFailedEvent(from: {
  createdResponse: unknown;
  lastSequence: unknown;
  fallbackResponseId: string;
  error: { code: string; message: string };
}): Uint8Array {
  const created = (
    typeof from.createdResponse === "object" && from.createdResponse !== null ? from.createdResponse : {}
  ) as Record<string, unknown>;
  return encodeSseEvent({
    event: "response.failed",
    data: JSON.stringify({
      type: "response.failed",
      sequence_number: typeof from.lastSequence === "number" ? from.lastSequence + 1 : 0,
      response: {
        ...created,
        id: typeof created.id === "string" ? created.id : `resp_${from.fallbackResponseId}`,
        object: "response",
        status: "failed",
        error: from.error,
        output: [],
      },
    }),
  });
}

export function readJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function joined(left: Uint8Array, right: Uint8Array): Uint8Array {
  const out = new Uint8Array(left.length + right.length);
  out.set(left, 0);
  out.set(right, left.length);
  return out;
}
