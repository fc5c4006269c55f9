import { describe, expect, it } from "vitest";
import { lastEventBoundary } from "../../../workers/core/sse/last-event-boundary.ts";
import { createSseUsageTap, type SseTapResult } from "../../../workers/core/sse/sse-usage-tap.ts";
import { chunkedStream } from "../../helpers/mock-upstream.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function tap(text: string, sizes: number[]) {
  const chunks: string[] = [];
  let ended: SseTapResult | undefined;
  const stream = chunkedStream(text, sizes).pipeThrough(
    createSseUsageTap({
      usageSlot: (event) => (event.event === "usage" ? "usage" : undefined),
      isTerminal: (event) => event.data === "[DONE]",
      onFirstEvent: () => {},
      closingWhenIncomplete: () => encoder.encode("data: CLOSED\n\n"),
      onEnd: (result) => {
        ended = result;
      },
      onCancel: () => {},
    }),
  );
  for await (const chunk of stream) chunks.push(decoder.decode(chunk));
  return { chunks, ended };
}

describe("lastEventBoundary", () => {
  it("finds the end of the last blank line for LF, CR and CRLF framing", () => {
    expect(lastEventBoundary(encoder.encode("data: a\n\ndata: b"))).toBe(9);
    expect(lastEventBoundary(encoder.encode("data: a\r\n\r\ndata: b\r\n"))).toBe(11);
    expect(lastEventBoundary(encoder.encode("data: a\r\rdata"))).toBe(9);
    expect(lastEventBoundary(encoder.encode("data: a\n"))).toBe(0);
  });
});

describe("createSseUsageTap", () => {
  const text = 'event: usage\ndata: {"n":1}\n\ndata: x\n\nevent: usage\ndata: {"n":2}\n\ndata: [DONE]\n\n';

  it("forwards the bytes unchanged, only ever cut at event boundaries, and keeps the latest usage event per slot", async () => {
    for (const sizes of [[1], [3, 7], [50]]) {
      const { chunks, ended } = await tap(text, sizes);
      expect(chunks.join("")).toBe(text);
      for (const chunk of chunks) expect(chunk.endsWith("\n\n")).toBe(true);
      expect(ended).toMatchObject({
        usageEvents: [{ event: "usage", data: '{"n":2}' }],
        complete: true,
        lastEvent: { data: "[DONE]" },
      });
    }
  });

  it("drops a torn final event and appends the closing when the stream ends early", async () => {
    const { chunks, ended } = await tap('data: x\n\ndata: {"half', [4]);
    expect(chunks.join("")).toBe("data: x\n\ndata: CLOSED\n\n");
    expect(ended?.complete).toBe(false);
  });
});
