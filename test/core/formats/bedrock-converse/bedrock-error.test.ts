import { describe, expect, it } from "vitest";
import { bedrockErrorToGatewayError } from "../../../../workers/core/formats/bedrock-converse/bedrock-error.ts";

describe("bedrockErrorToGatewayError", () => {
  it("maps the x-amzn-ErrorType exception name and passes on only the message", () => {
    const error = bedrockErrorToGatewayError(
      400,
      { message: "The model returned the following errors: Input is too long for requested model." },
      "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/",
    );
    expect(error).toMatchObject({
      code: "invalid_request",
      status: 400,
      provider: "bedrock",
      message: "The model returned the following errors: Input is too long for requested model.",
    });
  });

  it("marks throttling and service failures retryable, and hides the gateway's own credential problems", () => {
    expect(
      bedrockErrorToGatewayError(
        429,
        { message: "Too many requests, please wait before trying again." },
        "ThrottlingException",
      ),
    ).toMatchObject({ code: "rate_limited", status: 429, isRetryable: true });
    expect(bedrockErrorToGatewayError(503, {}, "ServiceUnavailableException")).toMatchObject({
      code: "upstream_error",
      isRetryable: true,
      message: "The upstream provider returned HTTP 503.",
    });
    expect(
      bedrockErrorToGatewayError(
        403,
        { message: "The security token included in the request is invalid." },
        "UnrecognizedClientException",
      ),
    ).toMatchObject({ code: "upstream_error", status: 502, isRetryable: false });
  });
});
