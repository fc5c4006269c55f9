import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../workers/core/errors/gateway-error.ts";
import { renderError } from "../../../workers/core/errors/render-error.ts";

describe("renderError", () => {
  const budget = new GatewayError("budget_exceeded", "Budget exceeded for key.", { retryAfterSeconds: 41.2 });

  it("renders OpenAI's envelope with retry-after, telling SDKs not to retry an exhausted budget", () => {
    expect(renderError("openai-chat", budget)).toEqual({
      status: 429,
      headers: { "retry-after": "42", "x-should-retry": "false" },
      body: {
        error: { message: "Budget exceeded for key.", type: "budget_exceeded", param: null, code: "budget_exceeded" },
      },
    });
  });

  it("passes the error's own headers on (rate-limit state)", () => {
    const limited = new GatewayError("rate_limited", "Rate limit reached.", {
      retryAfterSeconds: 3,
      headers: { "x-ratelimit-limit-requests": "10", "x-ratelimit-remaining-requests": "0" },
    });
    expect(renderError("anthropic-messages", limited).headers).toEqual({
      "x-ratelimit-limit-requests": "10",
      "x-ratelimit-remaining-requests": "0",
      "retry-after": "3",
    });
  });

  it("renders Anthropic's envelope", () => {
    const error = new GatewayError("authentication_failed", "bad key");
    expect(renderError("anthropic-messages", error)).toEqual({
      status: 401,
      headers: {},
      body: { type: "error", error: { type: "authentication_error", message: "bad key" } },
    });
  });

  it("renders Google's envelope", () => {
    const error = new GatewayError("model_not_found", "no such model");
    expect(renderError("gemini", error).body).toEqual({
      error: { code: 404, message: "no such model", status: "NOT_FOUND" },
    });
  });

  it("hides the details of an unexpected exception", async () => {
    const { toGatewayError } = await import("../../../workers/core/errors/gateway-error.ts");
    const error = toGatewayError(new TypeError("secret internals"));
    expect(error).toMatchObject({ code: "internal", status: 500, message: "The gateway hit an internal error." });
  });
});
