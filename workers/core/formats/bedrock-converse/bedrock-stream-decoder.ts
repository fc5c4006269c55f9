import type { IrStreamPart } from "../../ir/stream-part.ts";
import { emptyUsage, type Usage } from "../../ir/usage.ts";
import { AwsEventStreamDecoder } from "../../providers/aws/aws-event-stream-decoder.ts";
import type { AwsEventStreamMessage } from "../../providers/aws/aws-event-stream-message.ts";
import {
  type BedrockContentBlockDelta,
  type BedrockUsage,
  bedrockContentBlockDeltaSchema,
  bedrockContentBlockStartSchema,
  bedrockContentBlockStopSchema,
  bedrockMessageStopSchema,
  bedrockMetadataSchema,
} from "./bedrock-converse-api.ts";
import { bedrockErrorMessage, bedrockExceptionCode } from "./bedrock-error.ts";
import { convertBedrockUsage } from "./convert-bedrock-usage.ts";
import { mapBedrockStopReason } from "./map-bedrock-stop-reason.ts";

type BlockKind = "text" | "reasoning" | "tool-call" | "ignored";

const MALFORMED = "The upstream provider sent a malformed stream event.";
const textDecoder = new TextDecoder();

/**
 * ConverseStream events (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html)
 * → IR stream parts, one event-stream message at a time. Block indexes are
 * Bedrock's `contentBlockIndex`. Text and reasoning blocks have no
 * contentBlockStart (only tool calls do): their first delta opens them.
 * `metadata` (usage) arrives after `messageStop`, so `finish` is emitted at
 * `metadata`, or at the end of the stream if it never comes.
 */
export class BedrockStreamDecoder {
  private readonly openBlocks = new Map<number, BlockKind>();
  private started = false;
  private stopReason: string | undefined;
  private sawMessageStop = false;
  private usage: BedrockUsage | undefined;
  private done = false;

  get finished(): boolean {
    return this.done;
  }

  handle(message: AwsEventStreamMessage): IrStreamPart[] {
    if (this.done) return [];
    const messageType = message.headers[":message-type"];
    if (messageType === "exception") {
      const type = stringHeader(message, ":exception-type") ?? "internalServerException";
      return this.fail(bedrockExceptionCode(type), bedrockErrorMessage(parseJson(message.payload), `Bedrock ${type}.`));
    }
    if (messageType === "error") {
      // Framing-level errors carry their detail in headers rather than the payload.
      const code = stringHeader(message, ":error-code") ?? "InternalError";
      return this.fail(bedrockExceptionCode(code), stringHeader(message, ":error-message") ?? `Bedrock ${code}.`);
    }
    const eventType = stringHeader(message, ":event-type");
    if (eventType === undefined) return [];
    const payload = parseJson(message.payload);
    if (payload === undefined) return this.fail("upstream_error", MALFORMED);
    return this.handleEvent(eventType, payload);
  }

  /** The upstream closed the connection. */
  end(): IrStreamPart[] {
    if (this.done) return [];
    // messageStop carried the stop reason: only the usage was lost, the answer is whole.
    if (this.sawMessageStop) return [...this.closeOpenBlocks(), this.finish()];
    return this.fail("upstream_error", "The upstream stream ended before the message was complete.");
  }

  /** In-band failure: open blocks are closed, then `error` and a `finish` with reason "error". */
  fail(code: string, message: string): IrStreamPart[] {
    if (this.done) return [];
    const parts: IrStreamPart[] = [...this.start(), ...this.closeOpenBlocks(), { type: "error", code, message }];
    this.done = true;
    parts.push({ type: "finish", finishReason: "error", usage: this.currentUsage() });
    return parts;
  }

  private handleEvent(eventType: string, payload: unknown): IrStreamPart[] {
    switch (eventType) {
      case "messageStart":
        return this.start();
      case "contentBlockStart": {
        const event = bedrockContentBlockStartSchema.safeParse(payload);
        if (!event.success) return this.fail("upstream_error", MALFORMED);
        const toolUse = event.data.start?.toolUse;
        const index = event.data.contentBlockIndex;
        if (!toolUse) {
          this.openBlocks.set(index, "ignored");
          return this.start();
        }
        this.openBlocks.set(index, "tool-call");
        return [
          ...this.start(),
          { type: "tool-call-start", index, id: toolUse.toolUseId ?? "", name: toolUse.name ?? "" },
        ];
      }
      case "contentBlockDelta": {
        const event = bedrockContentBlockDeltaSchema.safeParse(payload);
        if (!event.success) return this.fail("upstream_error", MALFORMED);
        return [...this.start(), ...this.delta(event.data.contentBlockIndex, event.data.delta)];
      }
      case "contentBlockStop": {
        const event = bedrockContentBlockStopSchema.safeParse(payload);
        if (!event.success) return this.fail("upstream_error", MALFORMED);
        return this.stopBlock(event.data.contentBlockIndex);
      }
      case "messageStop": {
        const event = bedrockMessageStopSchema.safeParse(payload);
        if (!event.success) return this.fail("upstream_error", MALFORMED);
        this.sawMessageStop = true;
        if (typeof event.data.stopReason === "string") this.stopReason = event.data.stopReason;
        return [...this.start(), ...this.closeOpenBlocks()];
      }
      case "metadata": {
        const event = bedrockMetadataSchema.safeParse(payload);
        if (!event.success) return this.fail("upstream_error", MALFORMED);
        if (event.data.usage) this.usage = event.data.usage;
        if (!this.sawMessageStop) return event.data.usage ? [{ type: "usage", usage: this.currentUsage() }] : [];
        return [...this.closeOpenBlocks(), this.finish()];
      }
      default:
        // Event types added after this was written are skipped.
        return [];
    }
  }

  /** `response-start` once, before anything else; Converse events carry no id or model. */
  private start(): IrStreamPart[] {
    if (this.started) return [];
    this.started = true;
    return [{ type: "response-start", id: "", model: "" }];
  }

  private delta(index: number, delta: BedrockContentBlockDelta): IrStreamPart[] {
    const kind = this.openBlocks.get(index);
    if (typeof delta.text === "string") {
      const parts = kind === undefined ? this.open(index, "text") : [];
      if (this.openBlocks.get(index) === "text" && delta.text !== "")
        parts.push({ type: "text-delta", index, delta: delta.text });
      return parts;
    }
    if (delta.toolUse) {
      const input = delta.toolUse.input ?? "";
      return kind === "tool-call" && input !== "" ? [{ type: "tool-call-delta", index, argumentsDelta: input }] : [];
    }
    const reasoning = delta.reasoningContent;
    if (reasoning) {
      const parts = kind === undefined ? this.open(index, "reasoning") : [];
      if (this.openBlocks.get(index) !== "reasoning") return parts;
      if (reasoning.text) parts.push({ type: "reasoning-delta", index, delta: reasoning.text });
      if (reasoning.signature) parts.push({ type: "reasoning-signature", index, signature: reasoning.signature });
      if (reasoning.redactedContent) parts.push({ type: "reasoning-redacted", index, data: reasoning.redactedContent });
      return parts;
    }
    // Citations and deltas of ignored blocks carry nothing the IR holds.
    return [];
  }

  private open(index: number, kind: "text" | "reasoning"): IrStreamPart[] {
    this.openBlocks.set(index, kind);
    return [kind === "text" ? { type: "text-start", index } : { type: "reasoning-start", index }];
  }

  private stopBlock(index: number): IrStreamPart[] {
    const kind = this.openBlocks.get(index);
    this.openBlocks.delete(index);
    return kind === undefined ? [] : endPart(index, kind);
  }

  private closeOpenBlocks(): IrStreamPart[] {
    const parts = [...this.openBlocks].flatMap(([index, kind]) => endPart(index, kind));
    this.openBlocks.clear();
    return parts;
  }

  private currentUsage(): Usage {
    return this.usage === undefined ? emptyUsage() : convertBedrockUsage(this.usage);
  }

  private finish(): IrStreamPart {
    this.done = true;
    const part: IrStreamPart = {
      type: "finish",
      finishReason: mapBedrockStopReason(this.stopReason),
      usage: this.currentUsage(),
    };
    if (this.stopReason !== undefined) part.rawFinishReason = this.stopReason;
    return part;
  }
}

function endPart(index: number, kind: BlockKind): IrStreamPart[] {
  switch (kind) {
    case "text":
      return [{ type: "text-end", index }];
    case "reasoning":
      return [{ type: "reasoning-end", index }];
    case "tool-call":
      return [{ type: "tool-call-end", index }];
    case "ignored":
      return [];
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function stringHeader(message: AwsEventStreamMessage, name: string): string | undefined {
  const value = message.headers[name];
  return typeof value === "string" ? value : undefined;
}

function parseJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(textDecoder.decode(payload));
  } catch {
    return undefined;
  }
}

/**
 * Upstream bytes (`application/vnd.amazon.eventstream`) → IR parts,
 * incrementally. A corrupt frame ends the stream in-band (error + finish):
 * framing cannot resynchronise, and the client still gets a closed response.
 */
export function bedrockStreamDecoderTransformer(): Transformer<Uint8Array, IrStreamPart> {
  const frames = new AwsEventStreamDecoder();
  const decoder = new BedrockStreamDecoder();
  const run = (controller: TransformStreamDefaultController<IrStreamPart>, step: () => AwsEventStreamMessage[]) => {
    let messages: AwsEventStreamMessage[];
    try {
      messages = step();
    } catch (error) {
      const message = error instanceof Error ? error.message : MALFORMED;
      for (const part of decoder.fail("upstream_error", message)) controller.enqueue(part);
      return;
    }
    for (const message of messages) for (const part of decoder.handle(message)) controller.enqueue(part);
  };
  return {
    transform(chunk, controller) {
      if (!decoder.finished) run(controller, () => frames.push(chunk));
    },
    flush(controller) {
      if (!decoder.finished) {
        run(controller, () => {
          frames.end();
          return [];
        });
      }
      for (const part of decoder.end()) controller.enqueue(part);
    },
  };
}

/** Bedrock event-stream bytes → IR parts, as a stream of its own. */
export function createBedrockStreamDecoder(): TransformStream<Uint8Array, IrStreamPart> {
  return new TransformStream(bedrockStreamDecoderTransformer());
}
