import type { IrStreamPart } from "../../ir/stream-part.ts";
import { generateToolCallId } from "./generate-tool-call-id.ts";

/** One `delta.tool_calls[]` entry as Chat streams it. */
export interface OpenAiChatToolCallDelta {
  index?: number | null | undefined;
  id?: string | null | undefined;
  name?: string | null | undefined;
  arguments?: string | null | undefined;
}

interface ToolCallState {
  id: string | undefined;
  name: string | undefined;
  /** Argument text received but not yet emitted. */
  pending: string;
  /** Argument text emitted so far. */
  emitted: string;
  irIndex: number | undefined;
  status: "waiting" | "open" | "closed";
}

type Emit = (part: IrStreamPart) => void;

/**
 * Turns Chat tool-call deltas into IR tool-call blocks that never overlap.
 * Chat streams tool calls by `index`: id and name first, argument fragments
 * later, and some providers interleave the fragments of parallel calls. IR
 * blocks are sequential (one open block at a time), so one call streams live
 * while later ones buffer their fragments; the live call is closed as soon as
 * another call is waiting and its arguments already form complete JSON (what
 * the AI SDK also treats as "done"), or when text resumes or the stream ends.
 * Buffering is bounded by the arguments of the parallel calls, never the stream.
 */
export class OpenAiChatToolCallAccumulator {
  private readonly calls = new Map<number, ToolCallState>();
  private readonly order: ToolCallState[] = [];
  private readonly idToIndex = new Map<string, number>();

  /** Whether any tool call was seen (Chat "stop" with tool calls still means tool calls). */
  get hasToolCalls(): boolean {
    return this.order.length > 0;
  }

  /**
   * Records one delta and emits what can be emitted. `beforeOpen` is called
   * before a tool-call block starts, so the caller can close its text block;
   * `nextIndex` hands out the IR block index.
   */
  add(delta: OpenAiChatToolCallDelta, emit: Emit, beforeOpen: () => void, nextIndex: () => number): void {
    const call = this.stateFor(delta);
    if (delta.id && call.id === undefined) call.id = delta.id;
    if (delta.name && call.name === undefined) call.name = delta.name;
    // Fragments for a call already closed can only follow complete JSON (or
    // text that interrupted the calls); no real provider sends them.
    if (delta.arguments && call.status !== "closed") call.pending += delta.arguments;
    this.pump(emit, beforeOpen, nextIndex);
  }

  /** Closes every call, emitting buffered ones whole, in the order they appeared. */
  closeAll(emit: Emit, beforeOpen: () => void, nextIndex: () => number): void {
    for (const call of this.order) {
      if (call.status === "closed") continue;
      if (call.status === "waiting") {
        beforeOpen();
        this.open(call, emit, nextIndex);
      }
      this.flush(call, emit);
      this.close(call, emit);
    }
  }

  private stateFor(delta: OpenAiChatToolCallDelta): ToolCallState {
    // Some providers omit `index`: a new id is a new call, no id continues the last one.
    let index = delta.index ?? undefined;
    if (index === undefined) {
      const known = delta.id ? this.idToIndex.get(delta.id) : undefined;
      index = known ?? (delta.id ? this.order.length : Math.max(0, this.order.length - 1));
    }
    let call = this.calls.get(index);
    if (call === undefined) {
      call = { id: undefined, name: undefined, pending: "", emitted: "", irIndex: undefined, status: "waiting" };
      this.calls.set(index, call);
      this.order.push(call);
    }
    if (delta.id) this.idToIndex.set(delta.id, index);
    return call;
  }

  private pump(emit: Emit, beforeOpen: () => void, nextIndex: () => number): void {
    for (;;) {
      const active = this.order.find((call) => call.status === "open");
      const waiting = this.order.find((call) => call.status === "waiting" && call.name !== undefined);
      if (active !== undefined) {
        this.flush(active, emit);
        if (waiting === undefined || !isCompleteJson(active.emitted)) return;
        this.close(active, emit);
      } else {
        if (waiting === undefined) return;
        beforeOpen();
        this.open(waiting, emit, nextIndex);
      }
    }
  }

  private open(call: ToolCallState, emit: Emit, nextIndex: () => number): void {
    call.irIndex = nextIndex();
    call.status = "open";
    if (call.id === undefined) call.id = generateToolCallId();
    emit({ type: "tool-call-start", index: call.irIndex, id: call.id, name: call.name ?? "" });
  }

  private flush(call: ToolCallState, emit: Emit): void {
    if (call.pending === "" || call.irIndex === undefined) return;
    emit({ type: "tool-call-delta", index: call.irIndex, argumentsDelta: call.pending });
    call.emitted += call.pending;
    call.pending = "";
  }

  private close(call: ToolCallState, emit: Emit): void {
    call.status = "closed";
    if (call.irIndex !== undefined) emit({ type: "tool-call-end", index: call.irIndex });
  }
}

function isCompleteJson(text: string): boolean {
  if (text.trim() === "") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
