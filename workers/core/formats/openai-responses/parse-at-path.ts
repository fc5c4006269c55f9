import { z } from "zod";
import { zodErrorToGatewayError } from "../../errors/zod-issue-to-error.ts";

/**
 * Validates one piece of a request (an input item, a tool) with its own
 * schema, and reports failures with the full path from the body root, so the
 * 400 names `input[3].call_id` rather than `call_id`.
 */
export function parseAtPath<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  path: ReadonlyArray<string | number>,
): z.output<Schema> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] }));
  throw zodErrorToGatewayError(new z.ZodError(issues));
}
