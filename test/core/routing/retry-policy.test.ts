import { describe, expect, it } from "vitest";
import { classifyUpstreamFailure } from "../../../workers/core/routing/classify-upstream-failure.ts";
import { parseRetryAfter } from "../../../workers/core/routing/parse-retry-after.ts";
import { RetryPolicy, type RetrySettings } from "../../../workers/core/routing/retry-policy.ts";
import { deployment, T0 } from "./routing-test-helpers.ts";

const failure = (status: number | undefined, retryAfter?: string, message?: string) =>
  classifyUpstreamFailure({
    status,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(message ? { message } : {}),
  });

function policy(settings: Partial<RetrySettings> = {}, random = 0.5) {
  return new RetryPolicy(
    { numRetries: 3, retryPolicy: {}, minRetryDelayMs: 0, ...settings },
    { now: () => T0, random: () => random },
  );
}

describe("parseRetryAfter", () => {
  const rows = [
    { value: "20", expected: 20_000 },
    { value: "1.5", expected: 1_500 },
    { value: " 0 ", expected: 0 },
    { value: "Sun, 22 Nov 2026 10:00:30 GMT", expected: 30_000 },
    { value: "Sun, 22 Nov 2026 09:59:00 GMT", expected: 0 },
    { value: "soon", expected: undefined },
    { value: "", expected: undefined },
    { value: null, expected: undefined },
    { value: "-3", expected: undefined },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.value)} → ${row.expected}`, () => {
      expect(parseRetryAfter(row.value, T0)).toBe(row.expected);
    });
  }
});

describe("RetryPolicy.retriesFor", () => {
  const rows = [
    { name: "429 gets num_retries", status: 429, settings: {}, expected: 3 },
    { name: "500 gets num_retries", status: 500, settings: {}, expected: 3 },
    { name: "auth gets num_retries (on other deployments)", status: 401, settings: {}, expected: 3 },
    { name: "404 is not retried", status: 404, settings: {}, expected: 0 },
    { name: "another 400 is not retried", status: 400, settings: {}, expected: 0 },
    {
      name: "RateLimitErrorRetries",
      status: 429,
      settings: { retryPolicy: { RateLimitErrorRetries: 5 } },
      expected: 5,
    },
    { name: "TimeoutErrorRetries", status: 408, settings: { retryPolicy: { TimeoutErrorRetries: 1 } }, expected: 1 },
    {
      name: "ServiceUnavailableErrorRetries over InternalServerErrorRetries for 503",
      status: 503,
      settings: { retryPolicy: { ServiceUnavailableErrorRetries: 4, InternalServerErrorRetries: 2 } },
      expected: 4,
    },
    {
      name: "InternalServerErrorRetries for 500",
      status: 500,
      settings: { retryPolicy: { ServiceUnavailableErrorRetries: 4, InternalServerErrorRetries: 2 } },
      expected: 2,
    },
    {
      name: "AuthenticationErrorRetries: 0",
      status: 401,
      settings: { retryPolicy: { AuthenticationErrorRetries: 0 } },
      expected: 0,
    },
    {
      name: "BadRequestErrorRetries retries a 400",
      status: 400,
      settings: { retryPolicy: { BadRequestErrorRetries: 1 } },
      expected: 1,
    },
    { name: "DefaultRetries covers a 404", status: 404, settings: { retryPolicy: { DefaultRetries: 2 } }, expected: 2 },
    {
      name: "NotFoundErrorRetries wins over DefaultRetries",
      status: 404,
      settings: { retryPolicy: { DefaultRetries: 2, NotFoundErrorRetries: 0 } },
      expected: 0,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(policy(row.settings).retriesFor(failure(row.status))).toBe(row.expected);
    });
  }

  it("ContentPolicyViolationErrorRetries, else BadRequestErrorRetries, covers a content-policy 400", () => {
    const refusal = failure(400, undefined, "Output blocked by content filtering policy");
    expect(
      policy({ retryPolicy: { ContentPolicyViolationErrorRetries: 3, BadRequestErrorRetries: 1 } }).retriesFor(refusal),
    ).toBe(3);
    expect(policy({ retryPolicy: { BadRequestErrorRetries: 1 } }).retriesFor(refusal)).toBe(1);
    expect(policy().retriesFor(refusal)).toBe(0);
  });

  it("uses a deployment's own num_retries over the global one", () => {
    expect(policy().retriesFor(failure(500), deployment("d", { numRetries: 1 }))).toBe(1);
    expect(policy().retriesFor(failure(500), deployment("d"))).toBe(3);
  });
});

describe("RetryPolicy.nextDelayMs", () => {
  it("backs off exponentially with full jitter from 0.5 s, capped at 8 s", () => {
    const eight = policy({ numRetries: 8 }, 0.5);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => eight.nextDelayMs(attempt, failure(500)))).toEqual([
      250, 500, 1000, 2000, 4000, 4000, 4000, 4000,
    ]);
    expect(policy({ numRetries: 8 }, 0).nextDelayMs(3, failure(500))).toBe(0);
    expect(policy({ numRetries: 8 }, 0.999).nextDelayMs(7, failure(500))).toBe(7992);
  });

  it("stops once the retries are used up", () => {
    expect(policy({ numRetries: 2 }).nextDelayMs(1, failure(500))).toBe(500);
    expect(policy({ numRetries: 2 }).nextDelayMs(2, failure(500))).toBeUndefined();
    expect(policy().nextDelayMs(0, failure(400))).toBeUndefined();
  });

  it("honours retry-after in seconds or as a date, up to 60 s", () => {
    expect(policy().nextDelayMs(0, failure(429, "7"))).toBe(7_000);
    expect(policy().nextDelayMs(0, failure(429, "Sun, 22 Nov 2026 10:00:45 GMT"))).toBe(45_000);
    expect(policy().nextDelayMs(0, failure(429, "60"))).toBe(60_000);
    // Longer than we hold a request: stop retrying this deployment.
    expect(policy().nextDelayMs(0, failure(429, "61"))).toBeUndefined();
    // An unreadable or zero retry-after falls back to backoff.
    expect(policy().nextDelayMs(0, failure(429, "0"))).toBe(250);
    expect(policy().nextDelayMs(0, failure(429, "later"))).toBe(250);
  });

  it("never waits less than router_settings.retry_after", () => {
    expect(policy({ minRetryDelayMs: 5_000 }).nextDelayMs(0, failure(500))).toBe(5_000);
    expect(policy({ minRetryDelayMs: 5_000 }).nextDelayMs(0, failure(429, "9"))).toBe(9_000);
  });
});
