import { describe, expect, it } from "vitest";
import { SseDecoder } from "../../../workers/core/sse/sse-decoder.ts";
import { formatSseEvent } from "../../../workers/core/sse/sse-event.ts";

function decodeInPieces(text: string, pieceSize: number) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new SseDecoder();
  const events = [];
  for (let offset = 0; offset < bytes.length; offset += pieceSize) {
    events.push(...decoder.push(bytes.slice(offset, offset + pieceSize)));
  }
  events.push(...decoder.end());
  return events;
}

const stream =
  'event: message_start\ndata: {"type":"message_start","text":"héllo ✓"}\n\n' +
  ": keep-alive comment\n\n" +
  "data: line one\ndata: line two\n\n" +
  "id: 7\nevent: ping\ndata: {}\n\n" +
  "data: [DONE]\n\n";

const expected = [
  { event: "message_start", data: '{"type":"message_start","text":"héllo ✓"}' },
  { data: "line one\nline two" },
  { event: "ping", id: "7", data: "{}" },
  { data: "[DONE]" },
];

describe("SseDecoder", () => {
  it("yields the same events whatever the chunk size, including splits inside multi-byte characters", () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64, 4096]) {
      expect(decodeInPieces(stream, size)).toEqual(expected);
    }
  });

  it("accepts CRLF and lone CR line endings, even when CR and LF arrive in different chunks", () => {
    const crlf = stream.replaceAll("\n", "\r\n");
    for (const size of [1, 2, 3, 100]) expect(decodeInPieces(crlf, size)).toEqual(expected);
    expect(decodeInPieces(stream.replaceAll("\n", "\r"), 3)).toEqual(expected);
  });

  it("flushes a final event that lacks its blank line", () => {
    expect(decodeInPieces("data: tail", 4)).toEqual([{ data: "tail" }]);
  });

  it("round-trips through formatSseEvent", () => {
    const text = expected.map((event) => formatSseEvent(event)).join("");
    expect(decodeInPieces(text, 9)).toEqual(expected);
  });
});
