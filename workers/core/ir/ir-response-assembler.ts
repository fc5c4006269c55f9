import type { IrAssistantPart } from "./request.ts";
import type { FinishReason, IrResponse } from "./response.ts";
import type { IrStreamPart } from "./stream-part.ts";
import { emptyUsage, type Usage } from "./usage.ts";

/**
 * Builds a whole IrResponse from stream parts: how a non-streaming call is
 * served from a stream the gateway asked for internally (so its output can
 * be metered slice by slice, like a streamed one). Blocks keep the order of
 * their `index`.
 */
export class IrResponseAssembler {
  private id = "";
  private model = "";
  private readonly blocks = new Map<number, IrAssistantPart>();
  private finishReason: FinishReason = "error";
  private rawFinishReason: string | undefined;
  private stopSequence: string | undefined;
  private usage: Usage = emptyUsage();
  private errorMessage: { code: string; message: string } | undefined;

  push(part: IrStreamPart): void {
    switch (part.type) {
      case "response-start":
        this.id = part.id;
        this.model = part.model;
        if (part.usage !== undefined) this.usage = part.usage;
        break;
      case "text-start":
        this.blocks.set(part.index, { type: "text", text: "" });
        break;
      case "text-delta": {
        const block = this.blocks.get(part.index);
        if (block?.type === "text") block.text += part.delta;
        else this.blocks.set(part.index, { type: "text", text: part.delta });
        break;
      }
      case "reasoning-start":
        this.blocks.set(part.index, { type: "reasoning", text: "", ...(part.id === undefined ? {} : { id: part.id }) });
        break;
      case "reasoning-delta":
        this.reasoning(part.index).text += part.delta;
        break;
      case "reasoning-signature":
        this.reasoning(part.index).signature = part.signature;
        break;
      case "reasoning-redacted":
        this.reasoning(part.index).redactedData = part.data;
        break;
      case "reasoning-encrypted":
        this.reasoning(part.index).encryptedContent = part.encryptedContent;
        break;
      case "tool-call-start":
        this.blocks.set(part.index, { type: "tool-call", id: part.id, name: part.name, arguments: "" });
        break;
      case "tool-call-delta": {
        const block = this.blocks.get(part.index);
        if (block?.type === "tool-call") block.arguments += part.argumentsDelta;
        break;
      }
      case "text-end":
      case "reasoning-end":
      case "tool-call-end":
        break;
      case "usage":
        this.usage = part.usage;
        break;
      case "finish":
        this.finishReason = part.finishReason;
        this.rawFinishReason = part.rawFinishReason;
        this.stopSequence = part.stopSequence;
        this.usage = part.usage;
        break;
      case "error":
        this.errorMessage ??= { code: part.code, message: part.message };
        break;
      default: {
        const unreachable: never = part;
        throw new Error(`unknown IR stream part ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** The stream's error, when it ended with one instead of a clean finish. */
  get error(): { code: string; message: string } | undefined {
    return this.errorMessage;
  }

  result(): IrResponse {
    const content = [...this.blocks.entries()].sort(([left], [right]) => left - right).map(([, block]) => block);
    return {
      id: this.id,
      model: this.model,
      content,
      finishReason: this.finishReason,
      ...(this.rawFinishReason === undefined ? {} : { rawFinishReason: this.rawFinishReason }),
      ...(this.stopSequence === undefined ? {} : { stopSequence: this.stopSequence }),
      usage: this.usage,
    };
  }

  private reasoning(index: number): Extract<IrAssistantPart, { type: "reasoning" }> {
    const block = this.blocks.get(index);
    if (block?.type === "reasoning") return block;
    const created: Extract<IrAssistantPart, { type: "reasoning" }> = { type: "reasoning", text: "" };
    this.blocks.set(index, created);
    return created;
  }
}
