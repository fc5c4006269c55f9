import type { z } from "zod";

/**
 * Parses a Durable Object RPC input or throws a `TypeError` naming every bad
 * field (`Object.method: invalid input: path: message; …`). Plain errors keep
 * their message across RPC; a ZodError would arrive as "ZodError".
 */
export function parseRpcInput<Schema extends z.ZodType>(
  objectName: string,
  method: string,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(input)"}: ${issue.message}`);
  throw new TypeError(`${objectName}.${method}: invalid input: ${issues.join("; ")}`);
}
