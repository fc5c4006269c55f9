import { z } from "zod";
import type { SseEvent } from "../sse/sse-event.ts";

const createdEventSchema = z.looseObject({ response: z.looseObject({ id: z.string().min(1) }) });

/**
 * The id of a streamed Responses answer, from the `response.created` event a fast-path tap keeps
 * (fast-path-stream-profile.ts). Undefined for other formats, which keep no such event.
 */
export function responsesIdFromEvents(events: SseEvent[]): string | undefined {
  for (const event of events) {
    if (event.event !== "response.created" && !event.data.includes('"response.created"')) continue;
    try {
      const parsed = createdEventSchema.safeParse(JSON.parse(event.data));
      if (parsed.success) return parsed.data.response.id;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
