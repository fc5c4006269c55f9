import type { z } from "zod";
import { GatewayError } from "./gateway-error.ts";

/** `["messages", 0, "content"]` → `messages[0].content`, the way OpenAI names params. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, param: string): string {
  const where = param === "" ? "the request body" : `'${param}'`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `Missing required parameter: ${where}.`;
      return `Invalid type for ${where}: expected ${issue.expected}, but got ${describeValueType(issue.input)} instead.`;
    case "invalid_value":
      return `Invalid value for ${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`;
    case "too_small":
      return `Invalid value for ${where}: must be at least ${String(issue.minimum)}${issue.origin === "array" ? " item(s)" : ""}.`;
    case "too_big":
      return `Invalid value for ${where}: must be at most ${String(issue.maximum)}${issue.origin === "array" ? " item(s)" : ""}.`;
    case "invalid_union":
      return `Invalid value for ${where}: it matches none of the accepted shapes.`;
    case "unrecognized_keys":
      return `Unrecognized parameter(s) in ${where}: ${issue.keys.join(", ")}.`;
    default:
      return `Invalid value for ${where}: ${issue.message}.`;
  }
}

function describeValueType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** The first zod issue becomes a 400 that names the offending field. */
export function zodErrorToGatewayError(error: z.ZodError): GatewayError {
  const issue = error.issues[0];
  if (issue === undefined) return new GatewayError("invalid_request", "Invalid request body.");
  const param = formatIssuePath(issue.path);
  return new GatewayError("invalid_request", describeIssue(issue, param), {
    param: param === "" ? undefined : param,
  });
}
