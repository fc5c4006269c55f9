/** One Server-Sent Event as framed on the wire (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

const encoder = new TextEncoder();

export function encodeSseEvent(event: SseEvent): Uint8Array {
  return encoder.encode(formatSseEvent(event));
}

export function formatSseEvent(event: SseEvent): string {
  let out = "";
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  for (const line of event.data.split("\n")) out += `data: ${line}\n`;
  return `${out}\n`;
}
