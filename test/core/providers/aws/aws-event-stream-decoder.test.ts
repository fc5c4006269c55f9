import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import {
  AwsEventStreamDecoder,
  createAwsEventStreamDecoder,
} from "../../../../workers/core/providers/aws/aws-event-stream-decoder.ts";
import { encodeAwsEventStreamMessage } from "../../../../workers/core/providers/aws/aws-event-stream-encoder.ts";
import type { AwsEventStreamMessage } from "../../../../workers/core/providers/aws/aws-event-stream-message.ts";
import { crc32 } from "../../../../workers/core/providers/aws/crc32.ts";
import { chunkedBytes, collect, encodeEventStreamFixture } from "./event-stream-fixture.ts";

const text = (value: string) => new TextEncoder().encode(value);

const messages: AwsEventStreamMessage[] = [
  {
    headers: { ":event-type": "messageStart", ":content-type": "application/json", ":message-type": "event" },
    payload: text('{"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR","role":"assistant"}'),
  },
  {
    headers: { ":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event" },
    payload: text('{"contentBlockIndex":0,"delta":{"text":"Grüße ✓"},"p":"abcd"}'),
  },
  {
    headers: { ":event-type": "contentBlockStop", ":content-type": "application/json", ":message-type": "event" },
    payload: text('{"contentBlockIndex":0,"p":"abcdefgh"}'),
  },
];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const stream = concat(messages.map((message) => encodeAwsEventStreamMessage(message)));

describe("crc32", () => {
  it("matches the standard CRC-32 check value", () => {
    expect(crc32(text("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("continues over split input", () => {
    expect(crc32(text("56789"), crc32(text("1234")))).toBe(0xcbf43926);
  });
});

describe("AwsEventStreamDecoder", () => {
  it("frames a message as prelude, prelude CRC, headers, payload and message CRC", () => {
    const frame = encodeAwsEventStreamMessage({ headers: { ":message-type": "event" }, payload: text("{}") });
    const view = new DataView(frame.buffer);
    // 1 + 13 name bytes + 1 type + 2 length + 5 value bytes of headers.
    expect(view.getUint32(4)).toBe(22);
    expect(view.getUint32(0)).toBe(16 + 22 + 2);
    expect(frame.length).toBe(40);
    expect(view.getUint32(8)).toBe(crc32(frame.subarray(0, 8)));
    expect(view.getUint32(36)).toBe(crc32(frame.subarray(0, 36)));
  });

  it("yields the same messages wherever the stream is split in two", () => {
    for (let split = 0; split <= stream.length; split++) {
      const decoder = new AwsEventStreamDecoder();
      const decoded = [...decoder.push(stream.slice(0, split)), ...decoder.push(stream.slice(split))];
      decoder.end();
      expect(decoded).toEqual(messages);
    }
  });

  it("yields each message as soon as its last byte arrives, one byte at a time", () => {
    const decoder = new AwsEventStreamDecoder();
    const arrivals: number[] = [];
    for (let offset = 0; offset < stream.length; offset++) {
      if (decoder.push(stream.slice(offset, offset + 1)).length > 0) arrivals.push(offset + 1);
    }
    const first = encodeAwsEventStreamMessage(messages[0] as AwsEventStreamMessage).length;
    const second = first + encodeAwsEventStreamMessage(messages[1] as AwsEventStreamMessage).length;
    expect(arrivals).toEqual([first, second, stream.length]);
  });

  it("round-trips every header value type", () => {
    const message: AwsEventStreamMessage = {
      headers: {
        yes: true,
        no: false,
        count: -42,
        big: 9007199254740993n,
        raw: Uint8Array.of(0, 1, 255),
        when: new Date(Date.UTC(2026, 10, 22, 8, 30)),
        name: "ünïcode",
      },
      payload: new Uint8Array(0),
    };
    expect(new AwsEventStreamDecoder().push(encodeAwsEventStreamMessage(message))).toEqual([message]);
  });

  it("rejects a payload byte flipped in transit (message CRC mismatch)", () => {
    const corrupted = stream.slice();
    corrupted[100] = (corrupted[100] ?? 0) ^ 0x01;
    expect(() => new AwsEventStreamDecoder().push(corrupted)).toThrow(/message CRC mismatch/);
  });

  it("rejects a corrupted length before trusting it (prelude CRC mismatch)", () => {
    const corrupted = stream.slice();
    corrupted[2] = 0x7f;
    const error = (() => {
      try {
        new AwsEventStreamDecoder().push(corrupted);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: "upstream_error", message: expect.stringMatching(/prelude CRC mismatch/) });
  });

  it("reports a stream that stops inside a message", () => {
    const decoder = new AwsEventStreamDecoder();
    expect(decoder.push(stream.slice(0, stream.length - 5))).toHaveLength(2);
    expect(() => decoder.end()).toThrow(/ended inside a message \(\d+ bytes left over\)/);
  });
});

describe("createAwsEventStreamDecoder", () => {
  it("decodes a stream delivered at awkward chunk sizes", async () => {
    const decoded = await collect(chunkedBytes(stream, [1, 7, 3, 50, 2]).pipeThrough(createAwsEventStreamDecoder()));
    expect(decoded).toEqual(messages);
  });

  it("errors the stream on a CRC mismatch", async () => {
    const corrupted = stream.slice();
    corrupted[stream.length - 1] = (corrupted[stream.length - 1] ?? 0) ^ 0xff;
    await expect(collect(chunkedBytes(corrupted, [9]).pipeThrough(createAwsEventStreamDecoder()))).rejects.toThrow(
      /message CRC mismatch/,
    );
  });

  it("encodes fixture event lists with JSON payloads", () => {
    const bytes = encodeEventStreamFixture([
      { headers: { ":event-type": "messageStop" }, payload: { stopReason: "end_turn" } },
    ]);
    const [message] = new AwsEventStreamDecoder().push(bytes);
    expect(message?.headers).toEqual({ ":event-type": "messageStop" });
    expect(new TextDecoder().decode(message?.payload)).toBe('{"stopReason":"end_turn"}');
  });
});
