import { describe, expect, it } from "vitest";
import { buildGeminiRequest, geminiTransport } from "../../../../workers/core/providers/transports/gemini-transport.ts";
import { captureError, recordingContext, testCall, testDeployment } from "./transport-test-helpers.ts";

const GEMINI_BODY = {
  contents: [{ role: "user", parts: [{ text: "Explain how AI works in a few words" }] }],
  systemInstruction: { parts: [{ text: "Be brief." }] },
  generationConfig: { temperature: 0.3, maxOutputTokens: 200 },
};

function geminiCall(overrides: Parameters<typeof testCall>[0] = {}) {
  return testCall({
    format: "gemini",
    body: { model: "gemini-2.5-flash", stream: false, ...GEMINI_BODY },
    deployment: testDeployment({ provider: "gemini", upstreamModel: "gemini-2.5-flash", apiKey: "AIzaSy-test-0001" }),
    ...overrides,
  });
}

describe("Gemini (AI Studio) transport", () => {
  it("calls :generateContent with x-goog-api-key and a body without model or stream", async () => {
    const { context, requests } = recordingContext();
    await geminiTransport.send(geminiCall(), context);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
    );
    expect(request?.headers.get("x-goog-api-key")).toBe("AIzaSy-test-0001");
    expect(request?.headers.has("authorization")).toBe(false);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(await request?.json()).toEqual(GEMINI_BODY);
  });

  it("streams through :streamGenerateContent?alt=sse", () => {
    const request = buildGeminiRequest(geminiCall({ stream: true }));
    expect(request.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    expect(request.headers.get("accept")).toBe("text/event-stream");
  });

  it("accepts a model named with its models/ prefix and a custom api_base", () => {
    const request = buildGeminiRequest(
      geminiCall({
        deployment: testDeployment({
          provider: "gemini",
          upstreamModel: "models/gemini-2.5-pro",
          apiBase: "https://gemini-proxy.internal.example/v1beta/",
          apiKey: "AIzaSy-test-0002",
        }),
      }),
    );
    expect(request.url).toBe("https://gemini-proxy.internal.example/v1beta/models/gemini-2.5-pro:generateContent");
  });

  it("needs an api_key", async () => {
    const error = await captureError(
      geminiTransport.send(
        geminiCall({ deployment: testDeployment({ provider: "gemini" }) }),
        recordingContext().context,
      ),
    );
    expect(error).toMatchObject({ code: "config_unavailable", provider: "gemini" });
    expect((error as Error).message).toContain("'api_key'");
  });

  it("speaks only the Gemini format", async () => {
    expect(geminiTransport.formats).toEqual(["gemini"]);
    const error = await captureError(
      geminiTransport.send(geminiCall({ format: "openai-chat" }), recordingContext().context),
    );
    expect(error).toMatchObject({ code: "internal" });
  });
});
