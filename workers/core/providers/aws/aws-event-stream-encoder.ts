import {
  AWS_EVENT_STREAM_HEADER_TYPE,
  AWS_EVENT_STREAM_OVERHEAD,
  AWS_EVENT_STREAM_PRELUDE_LENGTH,
  type AwsEventStreamHeaderValue,
  type AwsEventStreamMessage,
} from "./aws-event-stream-message.ts";
import { crc32 } from "./crc32.ts";

const textEncoder = new TextEncoder();

/**
 * One event-stream message → its bytes, the inverse of AwsEventStreamDecoder.
 * Used to build ConverseStream fixtures from readable JSON event lists and
 * by mock upstreams. Numbers are written as 32-bit integers (type 4).
 */
export function encodeAwsEventStreamMessage(message: AwsEventStreamMessage): Uint8Array {
  const headers = encodeHeaders(message.headers);
  const totalLength = AWS_EVENT_STREAM_OVERHEAD + headers.length + message.payload.length;
  const out = new Uint8Array(totalLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, totalLength);
  view.setUint32(4, headers.length);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  out.set(headers, AWS_EVENT_STREAM_PRELUDE_LENGTH);
  out.set(message.payload, AWS_EVENT_STREAM_PRELUDE_LENGTH + headers.length);
  view.setUint32(totalLength - 4, crc32(out.subarray(0, totalLength - 4)));
  return out;
}

function encodeHeaders(headers: Record<string, AwsEventStreamHeaderValue>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = textEncoder.encode(name);
    if (nameBytes.length > 255) throw new RangeError(`Event-stream header name too long: ${name}`);
    parts.push(Uint8Array.of(nameBytes.length), nameBytes, encodeValue(value));
  }
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function encodeValue(value: AwsEventStreamHeaderValue): Uint8Array {
  if (typeof value === "boolean") {
    return Uint8Array.of(value ? AWS_EVENT_STREAM_HEADER_TYPE.boolTrue : AWS_EVENT_STREAM_HEADER_TYPE.boolFalse);
  }
  if (typeof value === "string" || value instanceof Uint8Array) {
    const bytes = typeof value === "string" ? textEncoder.encode(value) : value;
    const out = new Uint8Array(3 + bytes.length);
    out[0] = typeof value === "string" ? AWS_EVENT_STREAM_HEADER_TYPE.string : AWS_EVENT_STREAM_HEADER_TYPE.byteArray;
    new DataView(out.buffer).setUint16(1, bytes.length);
    out.set(bytes, 3);
    return out;
  }
  if (typeof value === "number") {
    const out = new Uint8Array(5);
    out[0] = AWS_EVENT_STREAM_HEADER_TYPE.integer;
    new DataView(out.buffer).setInt32(1, value);
    return out;
  }
  const out = new Uint8Array(9);
  out[0] = typeof value === "bigint" ? AWS_EVENT_STREAM_HEADER_TYPE.long : AWS_EVENT_STREAM_HEADER_TYPE.timestamp;
  new DataView(out.buffer).setBigInt64(1, typeof value === "bigint" ? value : BigInt(value.getTime()));
  return out;
}
