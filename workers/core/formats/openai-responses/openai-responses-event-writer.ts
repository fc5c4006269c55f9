import type { IrReasoningPart } from "../../ir/request.ts";
import { encodeSseEvent } from "../../sse/sse-event.ts";
import { responsesItemId } from "./openai-responses-ids.ts";
import { functionCallOutputItem, messageOutputItem, reasoningOutputItem } from "./openai-responses-output-items.ts";
import { toEncryptedContent } from "./openai-responses-reasoning-carrier.ts";

type ReasoningProof = Pick<IrReasoningPart, "encryptedContent" | "signature" | "redactedData">;

type OpenItem =
  | { kind: "text"; outputIndex: number; itemId: string; text: string }
  | { kind: "tool-call"; outputIndex: number; itemId: string; callId: string; name: string; arguments: string }
  | {
      kind: "reasoning";
      outputIndex: number;
      itemId: string;
      text: string;
      summaryOpen: boolean;
      proof: ReasoningProof;
    };

/** Fields every text-part event repeats. */
const OUTPUT_TEXT = { type: "output_text", annotations: [], logprobs: [] } as const;

/**
 * Writes the per-item Responses events for IR blocks: each IR block becomes
 * one output item (text → assistant message with one output_text part,
 * tool call → function_call, reasoning → reasoning with one summary part),
 * numbered in the order opened. Every event gets the next `sequence_number`
 * and is framed as `event: <type>` + `data: <json>`, as OpenAI sends it.
 * Item text is kept because `.done` events and the final response repeat it.
 */
export class OpenAiResponsesEventWriter {
  responseId: string;
  private sequence = 0;
  private pending: Uint8Array[] = [];
  private readonly output: Array<Record<string, unknown>> = [];
  private readonly open = new Map<number, OpenItem>();

  constructor(responseId: string) {
    this.responseId = responseId;
  }

  setResponseId(responseId: string): void {
    this.responseId = responseId;
  }

  emit(type: string, payload: Record<string, unknown>): void {
    const data = JSON.stringify({ type, sequence_number: this.sequence++, ...payload });
    this.pending.push(encodeSseEvent({ event: type, data }));
  }

  /** The bytes written since the last drain. */
  drain(): Uint8Array[] {
    const bytes = this.pending;
    this.pending = [];
    return bytes;
  }

  outputItems(): Array<Record<string, unknown>> {
    return [...this.output];
  }

  openText(index: number): void {
    if (this.open.has(index)) return;
    const outputIndex = this.output.length;
    const itemId = responsesItemId("msg", this.responseId, outputIndex);
    this.added({ kind: "text", outputIndex, itemId, text: "" }, index, messageOutputItem(itemId, "", "in_progress"));
    this.emit("response.content_part.added", {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      part: { ...OUTPUT_TEXT, text: "" },
    });
  }

  textDelta(index: number, delta: string): void {
    this.openText(index);
    const item = this.open.get(index);
    if (item?.kind !== "text") return;
    item.text += delta;
    this.emit("response.output_text.delta", {
      item_id: item.itemId,
      output_index: item.outputIndex,
      content_index: 0,
      delta,
      logprobs: [],
    });
  }

  openReasoning(index: number, id: string | undefined): void {
    if (this.open.has(index)) return;
    const outputIndex = this.output.length;
    const itemId = id ?? responsesItemId("rs", this.responseId, outputIndex);
    const item: OpenItem = { kind: "reasoning", outputIndex, itemId, text: "", summaryOpen: false, proof: {} };
    this.added(item, index, reasoningOutputItem(itemId, "", undefined));
  }

  reasoningDelta(index: number, delta: string): void {
    this.openReasoning(index, undefined);
    const item = this.open.get(index);
    if (item?.kind !== "reasoning") return;
    const ids = { item_id: item.itemId, output_index: item.outputIndex, summary_index: 0 };
    if (!item.summaryOpen) {
      item.summaryOpen = true;
      this.emit("response.reasoning_summary_part.added", { ...ids, part: { type: "summary_text", text: "" } });
    }
    item.text += delta;
    this.emit("response.reasoning_summary_text.delta", { ...ids, delta });
  }

  reasoningProof(index: number, proof: ReasoningProof): void {
    this.openReasoning(index, undefined);
    const item = this.open.get(index);
    if (item?.kind === "reasoning") item.proof = { ...item.proof, ...proof };
  }

  openToolCall(index: number, callId: string, name: string): void {
    if (this.open.has(index)) return;
    const outputIndex = this.output.length;
    const itemId = responsesItemId("fc", this.responseId, outputIndex);
    const item: OpenItem = { kind: "tool-call", outputIndex, itemId, callId, name, arguments: "" };
    this.added(item, index, functionCallOutputItem(itemId, callId, name, "", "in_progress"));
  }

  toolCallDelta(index: number, delta: string): void {
    const item = this.open.get(index);
    if (item?.kind !== "tool-call") return;
    item.arguments += delta;
    this.emit("response.function_call_arguments.delta", {
      item_id: item.itemId,
      output_index: item.outputIndex,
      delta,
    });
  }

  close(index: number): void {
    const item = this.open.get(index);
    if (item === undefined) return;
    this.open.delete(index);
    const ids = { item_id: item.itemId, output_index: item.outputIndex };
    let done: Record<string, unknown>;
    switch (item.kind) {
      case "text":
        this.emit("response.output_text.done", { ...ids, content_index: 0, text: item.text, logprobs: [] });
        this.emit("response.content_part.done", {
          ...ids,
          content_index: 0,
          part: { ...OUTPUT_TEXT, text: item.text },
        });
        done = messageOutputItem(item.itemId, item.text, "completed");
        break;
      case "reasoning":
        if (item.summaryOpen) {
          this.emit("response.reasoning_summary_text.done", { ...ids, summary_index: 0, text: item.text });
          this.emit("response.reasoning_summary_part.done", {
            ...ids,
            summary_index: 0,
            part: { type: "summary_text", text: item.text },
          });
        }
        done = reasoningOutputItem(
          item.itemId,
          item.text,
          toEncryptedContent({ type: "reasoning", text: item.text, ...item.proof }),
        );
        break;
      case "tool-call":
        this.emit("response.function_call_arguments.done", { ...ids, arguments: item.arguments });
        done = functionCallOutputItem(item.itemId, item.callId, item.name, item.arguments, "completed");
        break;
      default: {
        const unreachable: never = item;
        throw new Error(`Unhandled block kind: ${String(unreachable)}`);
      }
    }
    this.output[item.outputIndex] = done;
    this.emit("response.output_item.done", { output_index: item.outputIndex, item: done });
  }

  /** Closes every open item, in the order they were opened. */
  closeAll(): void {
    for (const index of [...this.open.keys()]) this.close(index);
  }

  private added(item: OpenItem, index: number, snapshot: Record<string, unknown>): void {
    this.open.set(index, item);
    this.output.push(snapshot);
    this.emit("response.output_item.added", { output_index: item.outputIndex, item: snapshot });
  }
}
