import { MOCK_ENDPOINT_PATHS, type MockEndpoint, mockJsonBody, mockStreamEvents } from "../mock-payloads.ts";
import type { InjectedFault } from "./pick-fault.ts";

/**
 * What the soak's upstream does with one request, independent of how it is served (the Node fault mock
 * of `npm run soak`, or the in-suite mini soak's fetch mock): answer, fail with the provider's 5xx
 * envelope, reset the connection before any byte, or send part of the answer and then drop it.
 */
export type FaultAnswer =
  | { kind: "answer"; contentType: string; body: string }
  | { kind: "server_error"; status: number; body: string }
  | { kind: "reset" }
  | { kind: "cut"; contentType: string; body: string; declaredLength: number | undefined };

export function endpointOfPath(path: string): MockEndpoint | undefined {
  return (Object.keys(MOCK_ENDPOINT_PATHS) as MockEndpoint[]).find((endpoint) =>
    path.endsWith(`/v1${MOCK_ENDPOINT_PATHS[endpoint]}`),
  );
}

/** The provider's own error envelope, so the gateway classifies it as it would a real one. */
function serverErrorBody(endpoint: MockEndpoint): string {
  const message = "soak: injected upstream failure";
  return JSON.stringify(
    endpoint === "messages"
      ? { type: "error", error: { type: "api_error", message } }
      : { error: { message, type: "server_error", param: null, code: null } },
  );
}

export function faultAnswer(
  endpoint: MockEndpoint,
  stream: boolean,
  fault: InjectedFault | undefined,
  sequence: number,
): FaultAnswer {
  const contentType = stream ? "text/event-stream" : "application/json";
  const body = stream ? mockStreamEvents(endpoint).join("") : mockJsonBody(endpoint);
  switch (fault) {
    case undefined:
      return { kind: "answer", contentType, body };
    case "server_error":
      return { kind: "server_error", status: sequence % 2 === 0 ? 500 : 503, body: serverErrorBody(endpoint) };
    case "reset":
      return { kind: "reset" };
    case "cut": {
      // Half the stream's events, or half the JSON body under its full content-length.
      const events = mockStreamEvents(endpoint);
      return stream
        ? { kind: "cut", contentType, body: events.slice(0, events.length / 2).join(""), declaredLength: undefined }
        : { kind: "cut", contentType, body: body.slice(0, body.length / 2), declaredLength: body.length };
    }
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault ${String(unknown)}`);
    }
  }
}
