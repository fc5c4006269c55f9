import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../workers/core/errors/gateway-error.ts";
import {
  classifyUpstreamFailure,
  type UpstreamFailureInput,
} from "../../../workers/core/routing/classify-upstream-failure.ts";
import { FAILURE_CLASSES, failureClassTraits } from "../../../workers/core/routing/failure-class.ts";

describe("classifyUpstreamFailure", () => {
  const rows: { name: string; input: UpstreamFailureInput; expected: string }[] = [
    { name: "429", input: { status: 429 }, expected: "rate_limit" },
    { name: "408", input: { status: 408 }, expected: "timeout" },
    { name: "504", input: { status: 504 }, expected: "timeout" },
    { name: "Cloudflare 524", input: { status: 524 }, expected: "timeout" },
    { name: "500", input: { status: 500 }, expected: "server" },
    { name: "502", input: { status: 502 }, expected: "server" },
    { name: "503", input: { status: 503 }, expected: "server" },
    { name: "Anthropic 529 overloaded", input: { status: 529, message: "Overloaded" }, expected: "server" },
    { name: "401", input: { status: 401, message: "Incorrect API key provided: sk-proj-****abcd." }, expected: "auth" },
    { name: "403", input: { status: 403, message: "Project does not have access to model gpt-5" }, expected: "auth" },
    { name: "404", input: { status: 404, message: "The model `gpt-7` does not exist" }, expected: "not_found" },
    {
      name: "OpenAI context length",
      input: {
        status: 400,
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130954 tokens. Please reduce the length of the messages.",
      },
      expected: "context_window",
    },
    {
      name: "OpenAI code context_length_exceeded",
      input: { status: 400, message: "Error code: context_length_exceeded" },
      expected: "context_window",
    },
    {
      name: "Anthropic prompt too long",
      input: { status: 400, message: "prompt is too long: 208310 tokens > 200000 maximum" },
      expected: "context_window",
    },
    {
      name: "Gemini token count",
      input: {
        status: 400,
        message: "The input token count (1290467) exceeds the maximum number of tokens allowed (1048576).",
      },
      expected: "context_window",
    },
    {
      name: "Bedrock input too long",
      input: { status: 400, message: "Input is too long for requested model." },
      expected: "context_window",
    },
    {
      name: "Bedrock Claude context limit",
      input: {
        status: 400,
        message:
          "The model returned the following errors: input length and `max_tokens` exceed context limit: 197626 + 8192 > 200000, decrease input length or `max_tokens` and try again",
      },
      expected: "context_window",
    },
    {
      name: "a 400 about the context window",
      input: { status: 400, message: "Request exceeds the context window of this model" },
      expected: "context_window",
    },
    {
      name: "Azure content management policy",
      input: {
        status: 400,
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
      },
      expected: "content_policy",
    },
    {
      name: "OpenAI safety system",
      input: { status: 400, message: "Your request was rejected as a result of our safety system." },
      expected: "content_policy",
    },
    {
      name: "OpenAI usage policy",
      input: {
        status: 400,
        message: "Invalid prompt: your prompt was flagged as potentially violating our usage policy.",
      },
      expected: "content_policy",
    },
    {
      name: "Anthropic output filter",
      input: { status: 400, message: "Output blocked by content filtering policy" },
      expected: "content_policy",
    },
    {
      name: "a 200 finishing on content_filter",
      input: { status: 200, finishReason: "content_filter" },
      expected: "content_policy",
    },
    { name: "a Gemini SAFETY finish", input: { finishReason: "SAFETY" }, expected: "content_policy" },
    { name: "a Bedrock guardrail", input: { finishReason: "guardrail_intervened" }, expected: "content_policy" },
    {
      name: "another 400",
      input: { status: 400, message: "Unrecognized request argument supplied: foo" },
      expected: "bad_request",
    },
    { name: "422", input: { status: 422, message: "Input should be a valid list" }, expected: "bad_request" },
    { name: "the transport's timeout", input: { code: "upstream_timeout" }, expected: "timeout" },
    { name: "the transport's unreachable", input: { code: "upstream_unreachable" }, expected: "connection" },
    { name: "no answer at all", input: {}, expected: "connection" },
    { name: "a rate_limited code without status", input: { code: "rate_limited" }, expected: "rate_limit" },
  ];
  for (const row of rows) {
    it(`${row.name} → ${row.expected}`, () => {
      expect(classifyUpstreamFailure(row.input).failureClass).toBe(row.expected);
    });
  }

  it("keeps the retry-after header and the caller's error", () => {
    const error = new GatewayError("rate_limited", "The openai upstream is rate limiting requests.", {
      isRetryable: true,
    });
    expect(classifyUpstreamFailure({ status: 429, retryAfter: "7", error })).toEqual({
      failureClass: "rate_limit",
      status: 429,
      retryAfter: "7",
      error,
    });
  });

  it("builds the error to answer with when none is given, never leaking a credentials failure as 401", () => {
    const shape = (input: UpstreamFailureInput) => {
      const { error } = classifyUpstreamFailure({ provider: "anthropic", ...input });
      return { code: error.code, status: error.status, message: error.message };
    };
    expect(shape({ status: 429 })).toEqual({
      code: "rate_limited",
      status: 429,
      message: "The anthropic upstream is rate limiting requests.",
    });
    expect(shape({ status: 401 })).toEqual({
      code: "upstream_error",
      status: 502,
      message: "The anthropic upstream rejected the gateway's credentials.",
    });
    expect(shape({ status: 400, message: "prompt is too long: 208310 tokens > 200000 maximum" })).toEqual({
      code: "invalid_request",
      status: 400,
      message: "prompt is too long: 208310 tokens > 200000 maximum",
    });
    expect(shape({ status: 503 })).toEqual({
      code: "upstream_error",
      status: 502,
      message: "The anthropic upstream failed with status 503.",
    });
    expect(shape({ code: "upstream_timeout" })).toEqual({
      code: "upstream_timeout",
      status: 504,
      message: "The anthropic upstream did not answer in time.",
    });
  });
});

describe("failure class traits", () => {
  it("decide retries, cooldowns and fallbacks per class", () => {
    const table = Object.fromEntries(
      FAILURE_CLASSES.map((failureClass) => {
        const traits = failureClassTraits(failureClass);
        return [
          failureClass,
          [
            traits.retrySameDeployment,
            traits.retryInGroup,
            traits.countsTowardCooldown,
            traits.coolsDownImmediately,
            traits.requestLevel,
            traits.fallback,
          ].join(" "),
        ];
      }),
    );
    //            same  group cooldown immediate request fallback
    expect(table).toEqual({
      rate_limit: "true true true true false general",
      timeout: "true true true false false general",
      server: "true true true false false general",
      connection: "true true true false false general",
      auth: "false true true true false general",
      not_found: "false false true true false general",
      context_window: "false false false false true context_window",
      content_policy: "false false false false true content_policy",
      bad_request: "false false false false true none",
    });
  });
});
