import type { IrStreamPart } from "../../ir/stream-part.ts";

type BlockKind = "text" | "reasoning" | "tool-call";

export interface OpenBlock {
  kind: BlockKind;
  /** The IR block index: the order blocks were opened in, stable for the block's life. */
  index: number;
  /** Characters emitted so far (lengths only: the text itself is never kept). */
  emittedLength: number;
  /** Last reasoning summary part seen, to separate parts with a blank line. */
  summaryIndex: number;
}

/**
 * Maps Responses output positions (`output_index`, plus `content_index` for
 * message parts) to IR blocks and brackets each with start/end. It also
 * "catches up" when an upstream sends a `.done` event with more text than its
 * deltas carried (some OpenAI-compatible servers send only `.done`).
 */
export class OpenAiResponsesBlockTracker {
  private nextIndex = 0;
  private readonly open = new Map<string, OpenBlock>();
  /** Every key ever opened, so a late `.done` does not reopen a block that already closed. */
  private readonly seen = new Set<string>();

  get(key: string): OpenBlock | undefined {
    return this.open.get(key);
  }

  hasSeen(key: string): boolean {
    return this.seen.has(key);
  }

  openText(key: string, out: IrStreamPart[]): OpenBlock {
    return this.get(key) ?? this.start(key, "text", out, { type: "text-start", index: this.nextIndex });
  }

  openReasoning(key: string, id: string | null | undefined, out: IrStreamPart[]): OpenBlock {
    const start: IrStreamPart = { type: "reasoning-start", index: this.nextIndex };
    if (typeof id === "string") start.id = id;
    return this.get(key) ?? this.start(key, "reasoning", out, start);
  }

  openToolCall(key: string, id: string, name: string, out: IrStreamPart[]): OpenBlock {
    return (
      this.get(key) ?? this.start(key, "tool-call", out, { type: "tool-call-start", index: this.nextIndex, id, name })
    );
  }

  delta(block: OpenBlock, delta: string, out: IrStreamPart[]): void {
    if (delta === "") return;
    block.emittedLength += delta.length;
    switch (block.kind) {
      case "text":
        out.push({ type: "text-delta", index: block.index, delta });
        return;
      case "reasoning":
        out.push({ type: "reasoning-delta", index: block.index, delta });
        return;
      case "tool-call":
        out.push({ type: "tool-call-delta", index: block.index, argumentsDelta: delta });
        return;
      default: {
        const unreachable: never = block.kind;
        throw new Error(`Unhandled block kind: ${String(unreachable)}`);
      }
    }
  }

  /** Emits whatever part of the complete text the deltas have not carried yet. */
  catchUp(block: OpenBlock, complete: string | null | undefined, out: IrStreamPart[]): void {
    if (typeof complete !== "string" || complete.length <= block.emittedLength) return;
    this.delta(block, complete.slice(block.emittedLength), out);
  }

  close(key: string, out: IrStreamPart[]): void {
    const block = this.open.get(key);
    if (block === undefined) return;
    this.open.delete(key);
    switch (block.kind) {
      case "text":
        out.push({ type: "text-end", index: block.index });
        return;
      case "reasoning":
        out.push({ type: "reasoning-end", index: block.index });
        return;
      case "tool-call":
        out.push({ type: "tool-call-end", index: block.index });
        return;
      default: {
        const unreachable: never = block.kind;
        throw new Error(`Unhandled block kind: ${String(unreachable)}`);
      }
    }
  }

  /** Open keys starting with a prefix (the content parts of one message item), in opening order. */
  keysWithPrefix(prefix: string): string[] {
    return [...this.open.keys()].filter((key) => key.startsWith(prefix));
  }

  closeAll(out: IrStreamPart[]): void {
    for (const key of [...this.open.keys()]) this.close(key, out);
  }

  private start(key: string, kind: BlockKind, out: IrStreamPart[], part: IrStreamPart): OpenBlock {
    const block: OpenBlock = { kind, index: this.nextIndex, emittedLength: 0, summaryIndex: -1 };
    this.nextIndex++;
    this.open.set(key, block);
    this.seen.add(key);
    out.push(part);
    return block;
  }
}
