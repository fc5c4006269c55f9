import { describe, expect, it } from "vitest";
import {
  anthropicTransport,
  buildAnthropicRequest,
} from "../../../../workers/core/providers/transports/anthropic-transport.ts";
import claudeCodeRequest from "../../../fixtures/anthropic-messages/claude-code-request.json";
import { captureError, recordingContext, testCall, testDeployment } from "./transport-test-helpers.ts";

const CLAUDE_CODE_BETAS =
  "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14,context-management-2025-06-27,prompt-caching-scope-2026-01-05,effort-2025-11-24,advanced-tool-use-2025-11-20";

const MESSAGES_BODY = {
  model: "claude-sonnet-4-5-20250929",
  max_tokens: 1024,
  messages: [{ role: "user", content: "Hello, Claude" }],
};

function anthropicCall(overrides: Parameters<typeof testCall>[0] = {}) {
  return testCall({
    format: "anthropic-messages",
    body: MESSAGES_BODY,
    deployment: testDeployment({
      provider: "anthropic",
      upstreamModel: "claude-sonnet-4-5-20250929",
      apiKey: "sk-ant-test-0001",
    }),
    ...overrides,
  });
}

describe("Anthropic transport", () => {
  it("posts to /v1/messages with x-api-key and the default anthropic-version", async () => {
    const { context, requests } = recordingContext();
    await anthropicTransport.send(anthropicCall(), context);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://api.anthropic.com/v1/messages");
    expect(request?.headers.get("x-api-key")).toBe("sk-ant-test-0001");
    expect(request?.headers.get("anthropic-version")).toBe("2023-06-01");
    expect(request?.headers.has("anthropic-beta")).toBe(false);
    expect(request?.headers.has("authorization")).toBe(false);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("accept")).toBe("application/json");
    expect(await request?.json()).toEqual(MESSAGES_BODY);
  });

  it("forwards Claude Code's anthropic-version and betas untouched, and nothing else", async () => {
    const forwardHeaders = new Headers({
      "anthropic-version": "2023-06-01",
      "anthropic-beta": CLAUDE_CODE_BETAS,
      "x-claude-code-session-id": "0f5c3d9e-4b2a-4c1f-9a57-3e8b2d6c1a90",
      authorization: "Bearer sk-switchyard-client-key",
    });
    const request = buildAnthropicRequest(anthropicCall({ body: claudeCodeRequest, stream: true, forwardHeaders }));
    expect(request.headers.get("anthropic-beta")).toBe(CLAUDE_CODE_BETAS);
    expect(request.headers.get("anthropic-version")).toBe("2023-06-01");
    expect(request.headers.has("x-claude-code-session-id")).toBe(false);
    expect(request.headers.has("authorization")).toBe(false);
    expect(request.headers.get("accept")).toBe("text/event-stream");
    expect(request.url).toBe("https://api.anthropic.com/v1/messages");
    expect(await request.json()).toEqual(claudeCodeRequest);
  });

  it("keeps an SDK's newer anthropic-version", () => {
    const request = buildAnthropicRequest(
      anthropicCall({ forwardHeaders: new Headers({ "anthropic-version": "2026-10-21" }) }),
    );
    expect(request.headers.get("anthropic-version")).toBe("2026-10-21");
  });

  it("uses a configured api_base, which may be a keyless proxy", () => {
    const request = buildAnthropicRequest(
      anthropicCall({
        deployment: testDeployment({ provider: "anthropic", apiBase: "https://anthropic-proxy.internal.example/" }),
      }),
    );
    expect(request.url).toBe("https://anthropic-proxy.internal.example/v1/messages");
    expect(request.headers.has("x-api-key")).toBe(false);
  });

  it("needs an api_key for the public API", async () => {
    const { context, requests } = recordingContext();
    const error = await captureError(
      anthropicTransport.send(anthropicCall({ deployment: testDeployment({ provider: "anthropic" }) }), context),
    );
    expect(error).toMatchObject({ code: "config_unavailable", provider: "anthropic" });
    expect((error as Error).message).toContain("'api_key'");
    expect(requests).toHaveLength(0);
  });

  it("speaks only Anthropic Messages", async () => {
    expect(anthropicTransport.formats).toEqual(["anthropic-messages"]);
    const error = await captureError(
      anthropicTransport.send(anthropicCall({ format: "openai-chat" }), recordingContext().context),
    );
    expect(error).toMatchObject({ code: "internal" });
  });
});
