import { describe, expect, it } from "vitest";
import { responsesIdFromEvents } from "../../../workers/core/session/responses-id-from-events.ts";

describe("responsesIdFromEvents", () => {
  it("reads the id of a streamed Responses answer from response.created, with or without an event name", () => {
    const created = {
      type: "response.created",
      sequence_number: 0,
      response: { id: "resp_abc", status: "in_progress" },
    };
    const completed = { type: "response.completed", response: { id: "resp_abc", usage: { input_tokens: 1 } } };
    expect(
      responsesIdFromEvents([
        { event: "response.created", data: JSON.stringify(created) },
        { event: "response.completed", data: JSON.stringify(completed) },
      ]),
    ).toBe("resp_abc");
    expect(responsesIdFromEvents([{ data: JSON.stringify(created) }])).toBe("resp_abc");
  });

  it("is undefined for other formats' usage events and for unreadable data", () => {
    expect(responsesIdFromEvents([{ data: '{"choices":[],"usage":{"prompt_tokens":1}}' }])).toBeUndefined();
    expect(responsesIdFromEvents([{ event: "response.created", data: "{not json" }])).toBeUndefined();
  });
});
