import { describe, expect, it } from "vitest";
import {
  mapAnthropicStopReason,
  toAnthropicStopReason,
} from "../../../../workers/core/formats/anthropic-messages/map-anthropic-stop-reason.ts";

describe("mapAnthropicStopReason", () => {
  it("maps every documented stop reason to a unified finish reason", () => {
    expect(
      [
        "end_turn",
        "stop_sequence",
        "pause_turn",
        "max_tokens",
        "model_context_window_exceeded",
        "tool_use",
        "refusal",
      ].map(mapAnthropicStopReason),
    ).toStrictEqual(["stop", "stop", "stop", "length", "length", "tool-calls", "content-filter"]);
  });

  it("maps missing and unknown reasons to other", () => {
    expect([null, undefined, "compaction"].map(mapAnthropicStopReason)).toStrictEqual(["other", "other", "other"]);
  });
});

describe("toAnthropicStopReason", () => {
  it("maps unified reasons, using stop_sequence when one matched", () => {
    expect(toAnthropicStopReason("stop")).toBe("end_turn");
    expect(toAnthropicStopReason("stop", "stop", "END")).toBe("stop_sequence");
    expect(toAnthropicStopReason("length", "length")).toBe("max_tokens");
    expect(toAnthropicStopReason("tool-calls", "tool_calls")).toBe("tool_use");
    expect(toAnthropicStopReason("content-filter", "content_filter")).toBe("refusal");
    expect(toAnthropicStopReason("error")).toBe("end_turn");
    expect(toAnthropicStopReason("other", "function_call")).toBe("end_turn");
  });

  it("keeps an Anthropic raw reason that agrees with the unified one", () => {
    expect(toAnthropicStopReason("stop", "pause_turn")).toBe("pause_turn");
    expect(toAnthropicStopReason("length", "model_context_window_exceeded")).toBe("model_context_window_exceeded");
    expect(toAnthropicStopReason("content-filter", "refusal")).toBe("refusal");
    // A raw reason that contradicts the unified one (changed by the gateway) is not trusted.
    expect(toAnthropicStopReason("length", "end_turn")).toBe("max_tokens");
  });
});
