/**
 * Turns Workers AI tool-call fragments into Chat `delta.tool_calls` entries.
 * Streams send OpenAI-shaped fragments keyed by `index` (name first, then
 * argument pieces, sometimes a closing all-null fragment); native outputs
 * send whole flat calls `{ name, arguments }` without an index. Output
 * indexes are renumbered 0, 1, … in order of first appearance.
 */
import { type WorkersAiToolCall, workersAiArgumentsText } from "./workers-ai-output-api.ts";

export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
}

export class WorkersAiToolCallTracker {
  private readonly outputIndexByKey = new Map<string, number>();
  private lastKey: string | undefined;
  private unindexedCount = 0;
  private readonly newToolCallId: () => string;

  constructor(newToolCallId: () => string) {
    this.newToolCallId = newToolCallId;
  }

  get count(): number {
    return this.outputIndexByKey.size;
  }

  /** The delta entry for one fragment, or undefined when it carries nothing. */
  add(call: WorkersAiToolCall): ChatToolCallDelta | undefined {
    const name = call.function?.name ?? call.name ?? undefined;
    const argumentsText = workersAiArgumentsText(call.function?.arguments ?? call.arguments);
    const id = call.id ?? undefined;
    const carriesNothing = id === undefined && name === undefined && (argumentsText ?? "") === "";
    if (carriesNothing) return undefined;
    const key = this.keyOf(call.index ?? undefined, id, name);
    this.lastKey = key;
    const known = this.outputIndexByKey.get(key);
    if (known !== undefined) {
      if ((argumentsText ?? "") === "") return undefined;
      return { index: known, function: { arguments: argumentsText ?? "" } };
    }
    const index = this.outputIndexByKey.size;
    this.outputIndexByKey.set(key, index);
    return {
      index,
      id: id ?? this.newToolCallId(),
      type: "function",
      function: { name: name ?? "", arguments: argumentsText ?? "" },
    };
  }

  private keyOf(index: number | undefined, id: string | undefined, name: string | undefined): string {
    if (index !== undefined) return `index:${index}`;
    // An unindexed fragment with neither id nor name continues the previous call.
    if (id === undefined && name === undefined && this.lastKey !== undefined) return this.lastKey;
    this.unindexedCount++;
    return `unindexed:${this.unindexedCount}`;
  }
}
