import { describe, expect, it } from "vitest";
import { mockTransport } from "../../../../workers/core/providers/transports/mock-transport.ts";
import { offlineContext, readSseData, testCall, testDeployment } from "./transport-test-helpers.ts";

const body = { model: "demo", messages: [{ role: "user", content: "ping" }] };

describe("mock transport", () => {
  it("answers in-process with the deployment's mock_response, without the network", async () => {
    const call = testCall({ body, deployment: testDeployment({ provider: "mock", mockResponse: "pong" }) });
    const response = await mockTransport.send(call, offlineContext());
    expect(await response.json()).toMatchObject({
      object: "chat.completion",
      model: "demo",
      choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }],
    });
  });

  it("streams Chat chunks ending in [DONE] when the body asks for a stream", async () => {
    const call = testCall({
      body: { ...body, stream: true },
      stream: true,
      deployment: testDeployment({ provider: "mock", mockResponse: "pong" }),
    });
    const data = await readSseData((await mockTransport.send(call, offlineContext())).body);
    expect(data.at(0)).toMatchObject({ choices: [{ delta: { role: "assistant" } }] });
    expect(data.at(-2)).toMatchObject({ choices: [{ finish_reason: "stop" }] });
    expect(data.at(-1)).toBe("[DONE]");
  });

  it("speaks only OpenAI Chat", () => {
    expect(mockTransport.formats).toEqual(["openai-chat"]);
  });
});
