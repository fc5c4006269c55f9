/**
 * Gemini's `functionCall.id` is optional and older models never send it, but
 * every other format needs an id to pair a call with its result. Decoded calls
 * without one get `call_<responseId>_<n>`: stable for one response (the stream
 * and a retry of the decode agree) and made of the characters Anthropic
 * accepts in tool-use ids (`^[a-zA-Z0-9_-]+$`).
 */
export class GeminiToolCallIds {
  private readonly prefix: string;
  private count = 0;

  constructor(responseId: string | null | undefined) {
    const sanitized = (responseId ?? "").replace(/[^a-zA-Z0-9_-]/g, "_");
    this.prefix =
      sanitized === "" ? `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}` : `call_${sanitized}`;
  }

  /** The call's own id when Gemini sent one, otherwise the next generated id. */
  next(id: string | null | undefined): string {
    const n = this.count++;
    return id ? id : `${this.prefix}_${n}`;
  }
}
