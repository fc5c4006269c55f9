import { describe, expect, it } from "vitest";
import {
  AZURE_DEFAULT_API_VERSION,
  azureTransport,
  buildAzureRequest,
} from "../../../../workers/core/providers/transports/azure-transport.ts";
import {
  CHAT_BODY,
  captureError,
  captureSyncError,
  recordingContext,
  testCall,
  testDeployment,
} from "./transport-test-helpers.ts";

const RESOURCE = "https://switchyard-eastus.openai.azure.com";

function azureDeployment(overrides: Parameters<typeof testDeployment>[0] = {}) {
  return testDeployment({
    provider: "azure",
    upstreamModel: "gpt-4o-prod",
    apiBase: RESOURCE,
    apiKey: "azure-test-key-0001",
    ...overrides,
  });
}

describe("Azure OpenAI transport", () => {
  it("sends Chat to the deployment route with the default api-version and the api-key header", async () => {
    const { context, requests } = recordingContext();
    await azureTransport.send(testCall({ deployment: azureDeployment() }), context);
    const [request] = requests;
    expect(AZURE_DEFAULT_API_VERSION).toBe("2024-10-21");
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`${RESOURCE}/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21`);
    expect(request?.headers.get("api-key")).toBe("azure-test-key-0001");
    expect(request?.headers.has("authorization")).toBe(false);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(await request?.json()).toEqual(CHAT_BODY);
  });

  it("uses the deployment's api_version and accepts an api_base ending in /openai/", () => {
    const request = buildAzureRequest(
      testCall({
        stream: true,
        deployment: azureDeployment({ apiBase: `${RESOURCE}/openai/`, apiVersion: "2025-04-01-preview" }),
      }),
    );
    expect(request.url).toBe(
      `${RESOURCE}/openai/deployments/gpt-4o-prod/chat/completions?api-version=2025-04-01-preview`,
    );
    expect(request.headers.get("accept")).toBe("text/event-stream");
  });

  it("sends Responses to the v1 API without a dated api-version", () => {
    const body = { model: "gpt-4o-prod", input: "hello", stream: true };
    for (const apiVersion of [undefined, "2024-10-21"]) {
      const request = buildAzureRequest(
        testCall({ format: "openai-responses", body, deployment: azureDeployment({ apiVersion }) }),
      );
      expect(request.url).toBe(`${RESOURCE}/openai/v1/responses`);
      expect(request.headers.get("api-key")).toBe("azure-test-key-0001");
    }
  });

  it("passes api_version preview to the v1 API and moves Chat there for v1, latest and preview", () => {
    const responses = buildAzureRequest(
      testCall({ format: "openai-responses", deployment: azureDeployment({ apiVersion: "preview" }) }),
    );
    expect(responses.url).toBe(`${RESOURCE}/openai/v1/responses?api-version=preview`);
    expect(buildAzureRequest(testCall({ deployment: azureDeployment({ apiVersion: "v1" }) })).url).toBe(
      `${RESOURCE}/openai/v1/chat/completions`,
    );
    expect(
      buildAzureRequest(
        testCall({ deployment: azureDeployment({ apiBase: `${RESOURCE}/openai/v1`, apiVersion: "latest" }) }),
      ).url,
    ).toBe(`${RESOURCE}/openai/v1/chat/completions`);
    expect(buildAzureRequest(testCall({ deployment: azureDeployment({ apiVersion: "preview" }) })).url).toBe(
      `${RESOURCE}/openai/v1/chat/completions?api-version=preview`,
    );
  });

  it("needs api_base and api_key, and says which one is missing", async () => {
    const { context, requests } = recordingContext();
    const noBase = await captureError(
      azureTransport.send(testCall({ deployment: azureDeployment({ apiBase: undefined }) }), context),
    );
    expect(noBase).toMatchObject({ code: "config_unavailable", provider: "azure" });
    expect((noBase as Error).message).toContain("'api_base'");
    const noKey = await captureError(
      azureTransport.send(testCall({ deployment: azureDeployment({ apiKey: undefined }) }), context),
    );
    expect(noKey).toMatchObject({ code: "config_unavailable" });
    expect((noKey as Error).message).toContain("'api_key'");
    expect(requests).toHaveLength(0);
  });

  it("serves Chat and Responses only", () => {
    expect(azureTransport.formats).toEqual(["openai-chat", "openai-responses"]);
    const error = captureSyncError(() =>
      buildAzureRequest(testCall({ format: "gemini", deployment: azureDeployment() })),
    );
    expect(error).toMatchObject({ code: "internal" });
  });
});
