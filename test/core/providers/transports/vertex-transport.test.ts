import { describe, expect, it } from "vitest";
import type { Deployment } from "../../../../workers/core/config/gateway-config.ts";
import { GoogleAccessTokenCache } from "../../../../workers/core/providers/transports/google-access-token-cache.ts";
import {
  buildVertexRequest,
  buildVertexUrl,
  createVertexTransport,
  vertexFormatFor,
} from "../../../../workers/core/providers/transports/vertex-transport.ts";
import { createTestServiceAccount, verifyJwt } from "./google-test-keys.ts";
import {
  captureError,
  captureSyncError,
  recordingContext,
  testCall,
  testDeployment,
} from "./transport-test-helpers.ts";

const TOKEN_URI = "https://oauth2.googleapis.com/token";
const AUTH = { accessToken: "ya29.test-access-token", projectId: undefined };

function vertexDeployment(upstreamModel: string, providerParams: Deployment["providerParams"] = {}) {
  return testDeployment({
    provider: "vertex_ai",
    upstreamModel,
    providerParams: { vertexProject: "switchyard-demo-471305", vertexLocation: "us-east5", ...providerParams },
  });
}

const GEMINI_BODY = {
  contents: [{ role: "user", parts: [{ text: "Why is the sky blue?" }] }],
  generationConfig: { maxOutputTokens: 512 },
};
const MESSAGES_BODY = {
  model: "claude-sonnet-4-5@20250929",
  max_tokens: 1024,
  stream: true,
  messages: [{ role: "user", content: "Hello" }],
};

describe("Vertex AI transport: addressing", () => {
  it("picks the format from the model name", () => {
    expect(vertexFormatFor("gemini-2.5-pro")).toBe("gemini");
    expect(vertexFormatFor("claude-sonnet-4-5@20250929")).toBe("anthropic-messages");
    expect(vertexFormatFor("claude-3-5-haiku@20241022")).toBe("anthropic-messages");
  });

  it("builds regional and global URLs for Gemini and Claude", () => {
    const gemini = vertexDeployment("gemini-2.5-flash", { vertexLocation: "europe-west1" });
    expect(buildVertexUrl(gemini, "gemini", false, "p-1")).toBe(
      "https://europe-west1-aiplatform.googleapis.com/v1/projects/p-1/locations/europe-west1/publishers/google/models/gemini-2.5-flash:generateContent",
    );
    expect(buildVertexUrl(gemini, "gemini", true, "p-1")).toBe(
      "https://europe-west1-aiplatform.googleapis.com/v1/projects/p-1/locations/europe-west1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    const claude = vertexDeployment("claude-sonnet-4-5@20250929", { vertexLocation: "global" });
    expect(buildVertexUrl(claude, "anthropic-messages", false, "p-1")).toBe(
      "https://aiplatform.googleapis.com/v1/projects/p-1/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict",
    );
    expect(buildVertexUrl(claude, "anthropic-messages", true, "p-1")).toBe(
      "https://aiplatform.googleapis.com/v1/projects/p-1/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict",
    );
  });

  it("defaults the location to us-central1", () => {
    const deployment = testDeployment({
      provider: "vertex_ai",
      upstreamModel: "gemini-2.5-flash",
      providerParams: { vertexProject: "p-1" },
    });
    expect(buildVertexUrl(deployment, "gemini", false, "p-1")).toBe(
      "https://us-central1-aiplatform.googleapis.com/v1/projects/p-1/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
    );
  });

  it("sends Gemini bodies without model and stream, with the Bearer token", async () => {
    const request = buildVertexRequest(
      testCall({
        format: "gemini",
        stream: true,
        body: { model: "gemini-2.5-flash", stream: true, ...GEMINI_BODY },
        deployment: vertexDeployment("gemini-2.5-flash"),
      }),
      AUTH,
    );
    expect(request.method).toBe("POST");
    expect(request.url).toBe(
      "https://us-east5-aiplatform.googleapis.com/v1/projects/switchyard-demo-471305/locations/us-east5/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    expect(request.headers.get("authorization")).toBe("Bearer ya29.test-access-token");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(await request.json()).toEqual(GEMINI_BODY);
  });

  it("sends Claude bodies without model, with anthropic_version in the body and betas as a header", async () => {
    const forwardHeaders = new Headers({
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "context-management-2025-06-27,interleaved-thinking-2025-05-14",
    });
    const request = buildVertexRequest(
      testCall({
        format: "anthropic-messages",
        stream: true,
        body: MESSAGES_BODY,
        forwardHeaders,
        deployment: vertexDeployment("claude-sonnet-4-5@20250929"),
      }),
      AUTH,
    );
    expect(request.url).toBe(
      "https://us-east5-aiplatform.googleapis.com/v1/projects/switchyard-demo-471305/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict",
    );
    expect(request.headers.get("authorization")).toBe("Bearer ya29.test-access-token");
    expect(request.headers.get("anthropic-beta")).toBe("context-management-2025-06-27,interleaved-thinking-2025-05-14");
    expect(request.headers.has("anthropic-version")).toBe(false);
    expect(await request.json()).toEqual({
      max_tokens: 1024,
      stream: true,
      messages: [{ role: "user", content: "Hello" }],
      anthropic_version: "vertex-2023-10-16",
    });
  });

  it("refuses the format that does not fit the model", () => {
    const error = captureSyncError(() =>
      buildVertexRequest(
        testCall({ format: "gemini", deployment: vertexDeployment("claude-sonnet-4-5@20250929") }),
        AUTH,
      ),
    );
    expect(error).toMatchObject({ code: "internal" });
  });
});

describe("Vertex AI transport: sending", () => {
  async function setup(providerParams: Deployment["providerParams"] = {}) {
    const account = await createTestServiceAccount();
    let tokenRequests = 0;
    const { context, requests } = recordingContext(async (request) => {
      if (request.url === TOKEN_URI) {
        tokenRequests++;
        return Response.json({
          access_token: `ya29.vertex-token-${tokenRequests}`,
          expires_in: 3599,
          token_type: "Bearer",
        });
      }
      return Response.json({ candidates: [] });
    });
    const transport = createVertexTransport(new GoogleAccessTokenCache());
    const deployment = testDeployment({
      provider: "vertex_ai",
      upstreamModel: "gemini-2.5-flash",
      providerParams: { vertexCredentials: account.json, ...providerParams },
    });
    const call = testCall({ format: "gemini", body: GEMINI_BODY, deployment });
    return { account, context, requests, transport, call, tokenRequests: () => tokenRequests };
  }

  it("mints a token from the service account, then calls Vertex with it; a second call reuses it", async () => {
    const { account, context, requests, transport, call, tokenRequests } = await setup({
      vertexLocation: "us-central1",
    });

    const response = await transport.send(call, context);
    expect(await response.json()).toEqual({ candidates: [] });
    await transport.send(call, context);

    expect(tokenRequests()).toBe(1);
    expect(requests.map((request) => request.url)).toEqual([
      TOKEN_URI,
      // The project comes from the service account when vertex_project is not set.
      "https://us-central1-aiplatform.googleapis.com/v1/projects/switchyard-demo-471305/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
      "https://us-central1-aiplatform.googleapis.com/v1/projects/switchyard-demo-471305/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
    ]);
    const form = new URLSearchParams(new TextDecoder().decode(await requests[0]?.arrayBuffer()));
    const jwt = await verifyJwt(form.get("assertion") ?? "", account.publicKey);
    expect(jwt.valid).toBe(true);
    expect(jwt.claims).toMatchObject({ iss: account.clientEmail, aud: TOKEN_URI });
    expect(requests[1]?.headers.get("authorization")).toBe("Bearer ya29.vertex-token-1");
    expect(requests[2]?.headers.get("authorization")).toBe("Bearer ya29.vertex-token-1");
    expect(await requests[1]?.json()).toEqual(GEMINI_BODY);
  });

  it("prefers vertex_project over the service account's project", async () => {
    const { context, requests, transport, call } = await setup({ vertexProject: "other-project-7" });
    await transport.send(call, context);
    expect(requests[1]?.url).toContain("/v1/projects/other-project-7/locations/us-central1/");
  });

  it("needs vertex_credentials, as the JSON itself", async () => {
    const transport = createVertexTransport(new GoogleAccessTokenCache());
    const { context, requests } = recordingContext();
    const missing = await captureError(
      transport.send(testCall({ format: "gemini", deployment: vertexDeployment("gemini-2.5-flash") }), context),
    );
    expect(missing).toMatchObject({ code: "config_unavailable", provider: "vertex_ai" });
    expect((missing as Error).message).toContain("'vertex_credentials'");

    const secretPath = "/secrets/sa-key-with-a-private-key.json";
    const unreadable = await captureError(
      transport.send(
        testCall({
          format: "gemini",
          deployment: vertexDeployment("gemini-2.5-flash", { vertexCredentials: secretPath }),
        }),
        context,
      ),
    );
    expect(unreadable).toMatchObject({ code: "config_unavailable" });
    expect((unreadable as Error).message).not.toContain(secretPath);
    expect(requests).toHaveLength(0);
  });

  it("needs a project before spending a token exchange", async () => {
    const account = await createTestServiceAccount();
    const withoutProject = JSON.stringify({ ...JSON.parse(account.json), project_id: undefined });
    const transport = createVertexTransport(new GoogleAccessTokenCache());
    const { context, requests } = recordingContext();
    const error = await captureError(
      transport.send(
        testCall({
          format: "gemini",
          deployment: testDeployment({
            provider: "vertex_ai",
            upstreamModel: "gemini-2.5-flash",
            providerParams: { vertexCredentials: withoutProject },
          }),
        }),
        context,
      ),
    );
    expect(error).toMatchObject({ code: "config_unavailable" });
    expect((error as Error).message).toContain("'vertex_project'");
    expect(requests).toHaveLength(0);
  });

  it("lists both formats, Gemini first", () => {
    expect(createVertexTransport(new GoogleAccessTokenCache()).formats).toEqual(["gemini", "anthropic-messages"]);
  });
});

describe("Vertex AI transport: configuration checks", () => {
  it("refuses a location that is not a host label", () => {
    const deployment = vertexDeployment("gemini-2.5-flash", { vertexLocation: "evil.example/x" });
    const error = captureSyncError(() => buildVertexUrl(deployment, "gemini", false, "p-1"));
    expect(error).toMatchObject({ code: "config_unavailable" });
    expect((error as Error).message).toContain("'vertex_location'");
  });

  it("lets api_base replace the scheme and host", () => {
    const deployment = testDeployment({
      provider: "vertex_ai",
      upstreamModel: "gemini-2.5-flash",
      apiBase: "https://vertex-proxy.internal.example/",
      providerParams: { vertexLocation: "us-central1" },
    });
    expect(buildVertexUrl(deployment, "gemini", false, "p-1")).toBe(
      "https://vertex-proxy.internal.example/v1/projects/p-1/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
    );
  });
});
