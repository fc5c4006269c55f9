import { describe, expect, it } from "vitest";
import type { Deployment } from "../../../../workers/core/config/gateway-config.ts";
import {
  bedrockTransport,
  buildBedrockRequest,
} from "../../../../workers/core/providers/transports/bedrock-transport.ts";
import { captureError, recordingContext, testCall, testDeployment } from "./transport-test-helpers.ts";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const CONVERSE_BODY = {
  messages: [{ role: "user", content: [{ text: "Hello" }] }],
  system: [{ text: "Be brief." }],
  inferenceConfig: { maxTokens: 512, temperature: 0.5 },
};
const KEYS: Deployment["providerParams"] = {
  awsRegionName: "us-east-1",
  awsAccessKeyId: "AKIAIOSFODNN7EXAMPLE",
  awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

function bedrockCall(
  providerParams: Deployment["providerParams"] = KEYS,
  overrides: Parameters<typeof testCall>[0] = {},
) {
  return testCall({
    format: "bedrock-converse",
    body: { model: MODEL, stream: false, ...CONVERSE_BODY },
    deployment: testDeployment({ provider: "bedrock", upstreamModel: MODEL, providerParams }),
    ...overrides,
  });
}

describe("Bedrock transport", () => {
  it("addresses Converse and ConverseStream with the model id as one encoded path label", async () => {
    const plain = buildBedrockRequest(bedrockCall());
    expect(plain.method).toBe("POST");
    expect(plain.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse",
    );
    expect(plain.headers.get("accept")).toBe("application/json");
    expect(plain.headers.get("content-type")).toBe("application/json");
    expect(await plain.json()).toEqual(CONVERSE_BODY);

    const streaming = buildBedrockRequest(bedrockCall(KEYS, { stream: true }));
    expect(streaming.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream",
    );
    expect(streaming.headers.get("accept")).toBe("application/vnd.amazon.eventstream");
  });

  it("signs with SigV4 for service bedrock at the context's clock", async () => {
    const { context, requests } = recordingContext();
    await bedrockTransport.send(bedrockCall(), context);
    const [request] = requests;
    expect(request?.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse",
    );
    expect(request?.headers.get("x-amz-date")).toBe("20261122T100000Z");
    expect(request?.headers.has("x-amz-security-token")).toBe(false);
    const authorization = request?.headers.get("authorization") ?? "";
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20261122\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(authorization).not.toContain("wJalrXUtnFEMI");
    expect(await request?.json()).toEqual(CONVERSE_BODY);

    // Same input, same clock: same signature.
    const again = recordingContext();
    await bedrockTransport.send(bedrockCall(), again.context);
    expect(again.requests[0]?.headers.get("authorization")).toBe(authorization);
  });

  it("sends the session token of temporary credentials", async () => {
    const { context, requests } = recordingContext();
    await bedrockTransport.send(bedrockCall({ ...KEYS, awsSessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN" }), context);
    expect(requests[0]?.headers.get("x-amz-security-token")).toBe("IQoJb3JpZ2luX2VjEXAMPLETOKEN");
    expect(requests[0]?.headers.get("authorization")).toContain("x-amz-security-token");
  });

  it("sends a Bedrock API key as Bearer, unsigned, when no AWS keys are set", async () => {
    const { context, requests } = recordingContext();
    const call = bedrockCall({ awsRegionName: "eu-west-3" });
    call.deployment.apiKey = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl";
    await bedrockTransport.send(call, context);
    expect(requests[0]?.url).toBe(
      "https://bedrock-runtime.eu-west-3.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse",
    );
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl");
    expect(requests[0]?.headers.has("x-amz-date")).toBe(false);
  });

  it("needs aws_region_name and credentials", async () => {
    const { context, requests } = recordingContext();
    const noRegion = await captureError(
      bedrockTransport.send(bedrockCall({ ...KEYS, awsRegionName: undefined }), context),
    );
    expect(noRegion).toMatchObject({ code: "config_unavailable", provider: "bedrock" });
    expect((noRegion as Error).message).toContain("'aws_region_name'");
    const noKeys = await captureError(bedrockTransport.send(bedrockCall({ awsRegionName: "us-east-1" }), context));
    expect((noKeys as Error).message).toContain("'aws_access_key_id'");
    expect(requests).toHaveLength(0);
  });

  it("speaks only Converse", async () => {
    expect(bedrockTransport.formats).toEqual(["bedrock-converse"]);
    const error = await captureError(
      bedrockTransport.send(bedrockCall(KEYS, { format: "anthropic-messages" }), recordingContext().context),
    );
    expect(error).toMatchObject({ code: "internal" });
  });
});
