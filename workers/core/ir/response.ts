import type { IrAssistantPart } from "./request.ts";
import type { Usage } from "./usage.ts";

/** Why generation stopped, unified across formats; the provider's raw value is kept beside it. */
export type FinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other";

export interface IrResponse {
  id: string;
  model: string;
  content: IrAssistantPart[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  /** The stop sequence that ended generation, when the provider reports it. */
  stopSequence?: string;
  usage: Usage;
}
