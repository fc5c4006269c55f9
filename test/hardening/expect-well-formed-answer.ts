import type { z } from "zod";
import { type AnswerFormat, errorShapes, parseAnswer } from "./answer-shapes.ts";

export interface AnswerExpectation {
  format: AnswerFormat;
  /** A 2xx JSON answer must match this; undefined: no 2xx JSON answer is expected. */
  success: z.ZodType | undefined;
  /** A 2xx event stream must contain this; undefined: no stream is expected. */
  streamTerminator: string | undefined;
}

/**
 * The fuzz property, for one answer: a 4xx carrying the caller's error
 * envelope, or a 2xx that is a complete answer of the endpoint's API. Never a
 * 5xx, a redirect, or a body of the wrong shape. Returns a reason, or
 * undefined when the answer is well formed.
 */
export function wellFormedAnswerProblem(
  expectation: AnswerExpectation,
  response: Response,
  text: string,
): string | undefined {
  const status = response.status;
  if (status >= 200 && status < 300) return successProblem(expectation, response, text);
  if (status < 400 || status >= 500) return `status ${status}: ${text.slice(0, 300)}`;
  if (!response.headers.get("content-type")?.includes("application/json")) {
    return `status ${status} with content-type ${response.headers.get("content-type")}`;
  }
  const parsed = parseAnswer(text);
  if (!parsed.ok) return `status ${status}, ${parsed.reason}`;
  const shape = errorShapes[expectation.format].safeParse(parsed.value);
  if (!shape.success) return `status ${status}, not a ${expectation.format} error: ${text.slice(0, 300)}`;
  return undefined;
}

function successProblem(expectation: AnswerExpectation, response: Response, text: string): string | undefined {
  const status = response.status;
  if (response.headers.get("content-type")?.includes("text/event-stream")) {
    if (expectation.streamTerminator === undefined) return `status ${status}: an unexpected event stream`;
    return text.includes(expectation.streamTerminator)
      ? undefined
      : `status ${status}: a stream without '${expectation.streamTerminator}': ${text.slice(-300)}`;
  }
  if (expectation.success === undefined) return `status ${status}: an unexpected success ${text.slice(0, 300)}`;
  const parsed = parseAnswer(text);
  if (!parsed.ok) return `status ${status}, ${parsed.reason}`;
  const shape = expectation.success.safeParse(parsed.value);
  return shape.success ? undefined : `status ${status}, not a valid answer: ${text.slice(0, 300)}`;
}
