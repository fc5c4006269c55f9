import { describe, expect, it } from "vitest";
import { IrResponseAssembler } from "../../../workers/core/ir/ir-response-assembler.ts";
import type { IrStreamPart } from "../../../workers/core/ir/stream-part.ts";

const usage = {
  inputTokens: { total: 20, noCache: 20, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 31, text: 11, reasoning: 20 },
};

describe("IrResponseAssembler", () => {
  it("assembles reasoning, text and tool calls in index order with the final usage", () => {
    const parts: IrStreamPart[] = [
      { type: "response-start", id: "msg_01", model: "claude-sonnet-4-5" },
      { type: "reasoning-start", index: 0 },
      { type: "reasoning-delta", index: 0, delta: "Let me " },
      { type: "reasoning-delta", index: 0, delta: "think." },
      { type: "reasoning-signature", index: 0, signature: "EqQBCgIYAhIM" },
      { type: "reasoning-end", index: 0 },
      { type: "tool-call-start", index: 2, id: "toolu_01", name: "Bash" },
      { type: "text-start", index: 1 },
      { type: "text-delta", index: 1, delta: "Running " },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"command":' },
      { type: "text-delta", index: 1, delta: "tests." },
      { type: "tool-call-delta", index: 2, argumentsDelta: '"npm test"}' },
      { type: "text-end", index: 1 },
      { type: "tool-call-end", index: 2 },
      { type: "finish", finishReason: "tool-calls", rawFinishReason: "tool_use", usage },
    ];
    const assembler = new IrResponseAssembler();
    for (const part of parts) assembler.push(part);
    expect(assembler.result()).toEqual({
      id: "msg_01",
      model: "claude-sonnet-4-5",
      content: [
        { type: "reasoning", text: "Let me think.", signature: "EqQBCgIYAhIM" },
        { type: "text", text: "Running tests." },
        { type: "tool-call", id: "toolu_01", name: "Bash", arguments: '{"command":"npm test"}' },
      ],
      finishReason: "tool-calls",
      rawFinishReason: "tool_use",
      usage,
    });
    expect(assembler.error).toBeUndefined();
  });

  it("keeps the first error of a stream that failed", () => {
    const assembler = new IrResponseAssembler();
    assembler.push({ type: "error", code: "upstream_error", message: "overloaded" });
    assembler.push({ type: "error", code: "internal", message: "later" });
    expect(assembler.error).toEqual({ code: "upstream_error", message: "overloaded" });
    expect(assembler.result().finishReason).toBe("error");
  });
});
