import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { bedrockRuntimeUrl } from "../../../../workers/core/providers/aws/bedrock-runtime-url.ts";
import { buildAwsCanonicalRequest } from "../../../../workers/core/providers/aws/build-aws-canonical-request.ts";
import { type AwsCredentials, signAwsRequest } from "../../../../workers/core/providers/aws/sign-aws-request.ts";

/** AWS's Signature Version 4 test suite: credentials, instant, region and service of every vector. */
const SUITE_CREDENTIALS: AwsCredentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SUITE_NOW = () => new Date(Date.UTC(2015, 7, 30, 12, 36, 0));
const SUITE_SCOPE = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
const STS_TOKEN =
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

async function signSuiteRequest(request: Request, credentials: AwsCredentials = SUITE_CREDENTIALS) {
  return signAwsRequest(request, { credentials, region: "us-east-1", service: "service", now: SUITE_NOW });
}

describe("signAwsRequest against AWS's SigV4 test suite", () => {
  const vectors: Array<{ name: string; request: () => Request; signedHeaders: string; signature: string }> = [
    {
      name: "get-vanilla",
      request: () => new Request("https://example.amazonaws.com/"),
      signedHeaders: "host;x-amz-date",
      signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    {
      name: "get-vanilla-query-order-key-case",
      request: () => new Request("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
      signedHeaders: "host;x-amz-date",
      signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    },
    {
      name: "normalize-path/get-slash-pointless-dot",
      request: () => new Request("https://example.amazonaws.com/./example"),
      signedHeaders: "host;x-amz-date",
      signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5",
    },
    {
      name: "post-vanilla",
      request: () => new Request("https://example.amazonaws.com/", { method: "POST" }),
      signedHeaders: "host;x-amz-date",
      signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    },
    {
      name: "post-vanilla-query",
      request: () => new Request("https://example.amazonaws.com/?Param1=value1", { method: "POST" }),
      signedHeaders: "host;x-amz-date",
      signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
    },
    {
      name: "post-header-key-sort",
      request: () =>
        new Request("https://example.amazonaws.com/", { method: "POST", headers: { "My-Header1": "value1" } }),
      signedHeaders: "host;my-header1;x-amz-date",
      signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
    },
    {
      name: "post-header-value-case",
      request: () =>
        new Request("https://example.amazonaws.com/", { method: "POST", headers: { "My-Header1": "VALUE1" } }),
      signedHeaders: "host;my-header1;x-amz-date",
      signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
    },
    {
      name: "post-x-www-form-urlencoded",
      request: () =>
        new Request("https://example.amazonaws.com/", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "Param1=value1",
        }),
      signedHeaders: "content-type;host;x-amz-date",
      signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    },
    {
      name: "post-x-www-form-urlencoded-parameters",
      request: () =>
        new Request("https://example.amazonaws.com/", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf8" },
          body: "Param1=value1",
        }),
      signedHeaders: "content-type;host;x-amz-date",
      signature: "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe",
    },
  ];

  for (const vector of vectors) {
    it(`signs ${vector.name}`, async () => {
      const signed = await signSuiteRequest(vector.request());
      expect(signed.headers.get("authorization")).toBe(
        `AWS4-HMAC-SHA256 Credential=${SUITE_SCOPE}, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`,
      );
      expect(signed.headers.get("x-amz-date")).toBe("20150830T123600Z");
    });
  }

  it("signs post-sts-header-before: the session token is sent and signed", async () => {
    const signed = await signSuiteRequest(new Request("https://example.amazonaws.com/", { method: "POST" }), {
      ...SUITE_CREDENTIALS,
      sessionToken: STS_TOKEN,
    });
    expect(signed.headers.get("authorization")).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_SCOPE}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead`,
    );
    expect(signed.headers.get("x-amz-security-token")).toBe(STS_TOKEN);
  });

  it("builds the suite's canonical request for get-vanilla-query-order-key-case", () => {
    const { canonicalRequest } = buildAwsCanonicalRequest({
      method: "GET",
      url: new URL("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
      headers: new Headers({ "X-Amz-Date": "20150830T123600Z" }),
      payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    });
    expect(canonicalRequest).toBe(
      "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});

describe("signAwsRequest for Bedrock", () => {
  const body = '{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}';
  const credentials: AwsCredentials = {
    ...SUITE_CREDENTIALS,
    sessionToken: "FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN",
  };

  async function signBedrock() {
    const url = bedrockRuntimeUrl({
      region: "us-east-1",
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      operation: "converse-stream",
    });
    const request = new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/vnd.amazon.eventstream",
        "user-agent": "switchyard",
      },
      body,
    });
    return signAwsRequest(request, {
      credentials,
      region: "us-east-1",
      service: "bedrock",
      now: () => new Date("2026-11-22T09:15:30.123Z"),
    });
  }

  it("double-encodes the model id's colon in the canonical URI and signs every header but user-agent", async () => {
    const signed = await signBedrock();
    expect(signed.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream",
    );
    const { canonicalRequest } = buildAwsCanonicalRequest({
      method: signed.method,
      url: new URL(signed.url),
      headers: signed.headers,
      payloadHash: "7421da8d1a0949a481724fee62d5886aacde03836bf58248adb73e8b61ac0d54",
    });
    expect(canonicalRequest).toBe(
      [
        "POST",
        "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%253A0/converse-stream",
        "",
        "accept:application/vnd.amazon.eventstream",
        "content-type:application/json",
        "host:bedrock-runtime.us-east-1.amazonaws.com",
        "x-amz-date:20261122T091530Z",
        "x-amz-security-token:FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN",
        "",
        "accept;content-type;host;x-amz-date;x-amz-security-token",
        "7421da8d1a0949a481724fee62d5886aacde03836bf58248adb73e8b61ac0d54",
      ].join("\n"),
    );
  });

  it("produces the Authorization header computed independently (Python hmac) from that canonical request", async () => {
    const signed = await signBedrock();
    expect(signed.headers.get("authorization")).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/bedrock/aws4_request, " +
        "SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, " +
        "Signature=08a43bd58fa6b049113ea22bfb2fd05fbf902b00eea3faf72c6c490d84a4f829",
    );
    expect(await signed.text()).toBe(body);
    expect(signed.headers.get("user-agent")).toBe("switchyard");
  });

  it("replaces a stale Authorization header instead of signing it", async () => {
    const signed = await signSuiteRequest(
      new Request("https://example.amazonaws.com/", { headers: { Authorization: "Bearer old" } }),
    );
    expect(signed.headers.get("authorization")).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_SCOPE}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    );
  });
});

describe("bedrockRuntimeUrl", () => {
  it("builds the Converse and ConverseStream URLs with the model id as one encoded path label", () => {
    expect(bedrockRuntimeUrl({ region: "eu-central-1", modelId: "amazon.nova-pro-v1:0", operation: "converse" })).toBe(
      "https://bedrock-runtime.eu-central-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse",
    );
    expect(
      bedrockRuntimeUrl({
        region: "us-west-2",
        modelId: "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/a1b2c3d4e5f6",
        operation: "converse-stream",
      }),
    ).toBe(
      "https://bedrock-runtime.us-west-2.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/converse-stream",
    );
  });

  it("accepts a custom endpoint and refuses a region that is not a host label", () => {
    expect(
      bedrockRuntimeUrl({
        region: "us-east-1",
        modelId: "meta.llama3-3-70b-instruct-v1:0",
        operation: "converse",
        apiBase: "https://vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com/",
      }),
    ).toBe(
      "https://vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com/model/meta.llama3-3-70b-instruct-v1%3A0/converse",
    );
    expect(() => bedrockRuntimeUrl({ region: "evil.com/x", modelId: "m", operation: "converse" })).toThrow(
      GatewayError,
    );
  });
});
