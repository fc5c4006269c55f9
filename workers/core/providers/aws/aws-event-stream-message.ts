/**
 * One message of the `application/vnd.amazon.eventstream` framing
 * (https://docs.aws.amazon.com/transcribe/latest/dg/event-stream.html): typed
 * headers and an opaque payload. Bedrock's ConverseStream sends `:event-type`,
 * `:message-type` and `:content-type` as strings, and a JSON payload.
 *
 * Header value types on the wire: 0/1 boolean, 2 byte, 3 short, 4 integer,
 * 5 long, 6 byte array, 7 string, 8 timestamp (ms), 9 UUID. Bytes, shorts and
 * integers decode to numbers, longs to bigints, UUIDs to their hex string form.
 */
export type AwsEventStreamHeaderValue = string | number | bigint | boolean | Uint8Array | Date;

export interface AwsEventStreamMessage {
  headers: Record<string, AwsEventStreamHeaderValue>;
  payload: Uint8Array;
}

export const AWS_EVENT_STREAM_HEADER_TYPE = {
  boolTrue: 0,
  boolFalse: 1,
  byte: 2,
  short: 3,
  integer: 4,
  long: 5,
  byteArray: 6,
  string: 7,
  timestamp: 8,
  uuid: 9,
} as const;

/** Prelude (total length, headers length) plus its CRC. */
export const AWS_EVENT_STREAM_PRELUDE_LENGTH = 12;
/** Prelude, prelude CRC and message CRC. */
export const AWS_EVENT_STREAM_OVERHEAD = 16;
/** The framing's own limits: 16 MiB per message, 128 KiB of headers. */
export const AWS_EVENT_STREAM_MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;
export const AWS_EVENT_STREAM_MAX_HEADERS_LENGTH = 128 * 1024;
