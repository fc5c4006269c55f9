import { z } from "zod";
import { zodErrorToGatewayError } from "../../errors/zod-issue-to-error.ts";

/**
 * Validates a value nested somewhere in the client's body and reports a
 * failure at its full path (e.g. `messages[2].content[0].text`), so the 400
 * names the field even though the block was validated on its own.
 */
export function parseWithPath<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  path: readonly PropertyKey[],
): z.output<Schema> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] }));
  throw zodErrorToGatewayError(new z.ZodError(issues));
}
