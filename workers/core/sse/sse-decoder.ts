import type { SseEvent } from "./sse-event.ts";

/**
 * Incremental SSE parser. Bytes arrive in arbitrary chunks: one chunk may hold
 * many events or half of one (or half of a UTF-8 character), so partial lines
 * are carried over and nothing is ever buffered beyond the current event.
 */
export class SseDecoder {
  private readonly textDecoder = new TextDecoder();
  private pendingLine = "";
  private dataLines: string[] = [];
  private eventName: string | undefined;
  private eventId: string | undefined;
  private skipLeadingLineFeed = false;

  /** Feeds bytes; returns the events they complete. */
  push(chunk: Uint8Array): SseEvent[] {
    return this.pushText(this.textDecoder.decode(chunk, { stream: true }));
  }

  /** Ends the stream; returns a final event if the upstream forgot the blank line. */
  end(): SseEvent[] {
    const events = this.pushText(this.textDecoder.decode());
    if (this.pendingLine !== "") {
      this.processLine(this.pendingLine, events);
      this.pendingLine = "";
    }
    this.dispatch(events);
    return events;
  }

  private pushText(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    if (this.skipLeadingLineFeed && text.startsWith("\n")) start = 1;
    this.skipLeadingLineFeed = false;
    for (let index = start; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char !== 10 && char !== 13) continue;
      const line = this.pendingLine + text.slice(start, index);
      this.pendingLine = "";
      this.processLine(line, events);
      if (char === 13) {
        if (index + 1 < text.length) {
          if (text.charCodeAt(index + 1) === 10) index++;
        } else {
          this.skipLeadingLineFeed = true;
        }
      }
      start = index + 1;
    }
    this.pendingLine += text.slice(start);
    return events;
  }

  private processLine(line: string, events: SseEvent[]): void {
    if (line === "") {
      this.dispatch(events);
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.dataLines.push(value);
        break;
      case "event":
        this.eventName = value;
        break;
      case "id":
        this.eventId = value;
        break;
      default:
        break;
    }
  }

  private dispatch(events: SseEvent[]): void {
    if (this.dataLines.length === 0 && this.eventName === undefined) return;
    const event: SseEvent = { data: this.dataLines.join("\n") };
    if (this.eventName !== undefined) event.event = this.eventName;
    if (this.eventId !== undefined) event.id = this.eventId;
    events.push(event);
    this.dataLines = [];
    this.eventName = undefined;
    this.eventId = undefined;
  }
}
