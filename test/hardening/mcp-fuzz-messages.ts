import { expect } from "vitest";
import { z } from "zod";
import { errorShapes } from "./answer-shapes.ts";
import type { ErrorLogWatch } from "./error-log-watch.ts";
import { wellFormedAnswerProblem } from "./expect-well-formed-answer.ts";
import type { JsonTemplate } from "./fuzz-bodies.ts";
import type { HeaderList } from "./fuzz-headers.ts";

/** The stateless revision, and the session-based one the fuzz clients speak. */
export const MODERN = "2026-07-28";
export const LEGACY = "2025-06-18";

/** What a stateless-revision client puts in every request's `_meta`. */
export const modernMeta = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientInfo": { name: "fuzz", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** The headers a stateless-revision client mirrors from its message: version, method, tool name. */
export function statelessHeaders(template: JsonTemplate): HeaderList {
  const params = template.params as Record<string, unknown> | undefined;
  const name: HeaderList = typeof params?.name === "string" ? [["mcp-name", params.name]] : [];
  return [["mcp-protocol-version", MODERN], ["mcp-method", String(template.method)], ...name];
}

/** A JSON-RPC answer on a 200: a result, or (session-based revisions) a method-level error. */
const jsonRpcAnswer = z.union([
  z.strictObject({
    jsonrpc: z.literal("2.0"),
    id: z.union([z.string(), z.number()]),
    result: z.record(z.string(), z.unknown()),
  }),
  errorShapes.jsonRpc,
]);

/**
 * The MCP fuzz property for one answer: nothing logged, no 5xx, and either an
 * empty 202/204, a JSON-RPC error with a 4xx, or a JSON-RPC answer with a 200.
 */
export function expectJsonRpcAnswer(errorLog: ErrorLogWatch, response: Response, text: string, context: string): void {
  const logged = errorLog.takeNew();
  expect(logged, `logged: ${logged.join(" | ")}; ${context}`).toEqual([]);
  expect(response.status, `${text.slice(0, 300)}; ${context}`).toBeLessThan(500);
  if ((response.status === 202 || response.status === 204) && text === "") return;
  const problem = wellFormedAnswerProblem(
    { format: "jsonRpc", success: jsonRpcAnswer, streamTerminator: undefined },
    response,
    text,
  );
  expect(problem, `${problem}; ${context}`).toBeUndefined();
}
