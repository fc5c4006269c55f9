import { GatewayError } from "../../errors/gateway-error.ts";
import {
  AWS_EVENT_STREAM_HEADER_TYPE,
  AWS_EVENT_STREAM_MAX_HEADERS_LENGTH,
  AWS_EVENT_STREAM_MAX_MESSAGE_LENGTH,
  AWS_EVENT_STREAM_OVERHEAD,
  AWS_EVENT_STREAM_PRELUDE_LENGTH,
  type AwsEventStreamHeaderValue,
  type AwsEventStreamMessage,
} from "./aws-event-stream-message.ts";
import { crc32 } from "./crc32.ts";

function corrupt(detail: string): GatewayError {
  return new GatewayError("upstream_error", `The upstream event stream is corrupt: ${detail}.`, {
    provider: "bedrock",
  });
}

/**
 * Incremental `application/vnd.amazon.eventstream` decoder. Bytes arrive in
 * arbitrary chunks: chunks are queued as they are and copied into one buffer
 * only when a whole message has arrived, so tiny chunks cost no re-copying.
 * Both CRCs are checked; the prelude CRC before its lengths are trusted.
 * A corrupt stream throws a GatewayError ("upstream_error"): framing cannot
 * resynchronise after a bad length, so nothing after it can be read.
 */
export class AwsEventStreamDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  /** Feeds bytes; returns the messages they complete. */
  push(chunk: Uint8Array): AwsEventStreamMessage[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const messages: AwsEventStreamMessage[] = [];
    while (this.buffered >= AWS_EVENT_STREAM_PRELUDE_LENGTH) {
      const totalLength = this.readPrelude();
      if (this.buffered < totalLength) break;
      messages.push(decodeMessage(this.take(totalLength)));
    }
    return messages;
  }

  /** Ends the stream; throws when it stopped inside a message. */
  end(): void {
    if (this.buffered > 0) throw corrupt(`it ended inside a message (${this.buffered} bytes left over)`);
  }

  /** Validates the prelude at the head of the queue and returns the message's total length. */
  private readPrelude(): number {
    const prelude = this.peek(AWS_EVENT_STREAM_PRELUDE_LENGTH);
    const view = new DataView(prelude.buffer, prelude.byteOffset, prelude.byteLength);
    const totalLength = view.getUint32(0);
    const headersLength = view.getUint32(4);
    if (crc32(prelude.subarray(0, 8)) !== view.getUint32(8)) throw corrupt("prelude CRC mismatch");
    if (totalLength < AWS_EVENT_STREAM_OVERHEAD || totalLength > AWS_EVENT_STREAM_MAX_MESSAGE_LENGTH) {
      throw corrupt(`invalid message length ${totalLength}`);
    }
    if (
      headersLength > AWS_EVENT_STREAM_MAX_HEADERS_LENGTH ||
      headersLength > totalLength - AWS_EVENT_STREAM_OVERHEAD
    ) {
      throw corrupt(`invalid headers length ${headersLength}`);
    }
    return totalLength;
  }

  /** The first `length` queued bytes, without consuming them. */
  private peek(length: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= length) return first.subarray(0, length);
    const out = new Uint8Array(length);
    let filled = 0;
    for (const chunk of this.chunks) {
      const part = chunk.subarray(0, length - filled);
      out.set(part, filled);
      filled += part.length;
      if (filled === length) break;
    }
    return out;
  }

  /** Removes and returns the first `length` queued bytes, as one contiguous array. */
  private take(length: number): Uint8Array {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.chunks[0];
      if (chunk === undefined) break;
      const needed = length - filled;
      if (chunk.length <= needed) {
        out.set(chunk, filled);
        filled += chunk.length;
        this.chunks.shift();
      } else {
        out.set(chunk.subarray(0, needed), filled);
        filled += needed;
        this.chunks[0] = chunk.subarray(needed);
      }
    }
    this.buffered -= length;
    return out;
  }
}

function decodeMessage(frame: Uint8Array): AwsEventStreamMessage {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const messageCrcOffset = frame.length - 4;
  if (crc32(frame.subarray(0, messageCrcOffset)) !== view.getUint32(messageCrcOffset)) {
    throw corrupt("message CRC mismatch");
  }
  const headersEnd = AWS_EVENT_STREAM_PRELUDE_LENGTH + view.getUint32(4);
  return {
    headers: decodeHeaders(frame, view, AWS_EVENT_STREAM_PRELUDE_LENGTH, headersEnd),
    payload: frame.slice(headersEnd, messageCrcOffset),
  };
}

const textDecoder = new TextDecoder();

function decodeHeaders(
  frame: Uint8Array,
  view: DataView,
  start: number,
  end: number,
): Record<string, AwsEventStreamHeaderValue> {
  const headers: Record<string, AwsEventStreamHeaderValue> = {};
  let offset = start;
  const need = (length: number) => {
    if (offset + length > end) throw corrupt("a header runs past the headers section");
  };
  while (offset < end) {
    need(1);
    const nameLength = view.getUint8(offset);
    offset += 1;
    need(nameLength + 1);
    const name = textDecoder.decode(frame.subarray(offset, offset + nameLength));
    offset += nameLength;
    const type = view.getUint8(offset);
    offset += 1;
    switch (type) {
      case AWS_EVENT_STREAM_HEADER_TYPE.boolTrue:
        headers[name] = true;
        break;
      case AWS_EVENT_STREAM_HEADER_TYPE.boolFalse:
        headers[name] = false;
        break;
      case AWS_EVENT_STREAM_HEADER_TYPE.byte:
        need(1);
        headers[name] = view.getInt8(offset);
        offset += 1;
        break;
      case AWS_EVENT_STREAM_HEADER_TYPE.short:
        need(2);
        headers[name] = view.getInt16(offset);
        offset += 2;
        break;
      case AWS_EVENT_STREAM_HEADER_TYPE.integer:
        need(4);
        headers[name] = view.getInt32(offset);
        offset += 4;
        break;
      case AWS_EVENT_STREAM_HEADER_TYPE.long:
        need(8);
        headers[name] = view.getBigInt64(offset);
        offset += 8;
        break;
      case AWS_EVENT_STREAM_HEADER_TYPE.timestamp:
        need(8);
        headers[name] = new Date(Number(view.getBigInt64(offset)));
        offset += 8;
        break;
      case AWS_EVENT_STREAM_HEADER_TYPE.byteArray:
      case AWS_EVENT_STREAM_HEADER_TYPE.string: {
        need(2);
        const length = view.getUint16(offset);
        offset += 2;
        need(length);
        const bytes = frame.slice(offset, offset + length);
        headers[name] = type === AWS_EVENT_STREAM_HEADER_TYPE.string ? textDecoder.decode(bytes) : bytes;
        offset += length;
        break;
      }
      case AWS_EVENT_STREAM_HEADER_TYPE.uuid:
        need(16);
        headers[name] = formatUuid(frame.subarray(offset, offset + 16));
        offset += 16;
        break;
      default:
        throw corrupt(`unknown header value type ${type}`);
    }
  }
  return headers;
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Bytes → event-stream messages, incrementally. A corrupt frame (bad CRC or
 * length) or a stream that stops mid-message errors the stream with a GatewayError.
 */
export function createAwsEventStreamDecoder(): TransformStream<Uint8Array, AwsEventStreamMessage> {
  const decoder = new AwsEventStreamDecoder();
  return new TransformStream<Uint8Array, AwsEventStreamMessage>({
    transform(chunk, controller) {
      for (const message of decoder.push(chunk)) controller.enqueue(message);
    },
    flush() {
      decoder.end();
    },
  });
}
