/**
 * IR tool-call arguments (JSON text) → Gemini `functionCall.args`, which must
 * be a JSON object (a protobuf Struct). Arguments that are not an object —
 * typically JSON cut short by an output limit — become `{}` rather than a
 * 400: the client is replaying the model's own output, and refusing it would
 * wedge the whole conversation; the tool result that follows says what failed.
 */
export function parseToolArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Not JSON: fall through.
  }
  return {};
}
