import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

beforeEach(async () => {
  await activateConfig(`
model_list:
  - { model_name: claude-sonnet, litellm_params: { model: mock/claude } }
  - { model_name: gpt-4o, litellm_params: { model: mock/gpt } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});

const auth = { authorization: `Bearer ${TEST_MASTER_KEY}` };

describe("gateway surface", () => {
  it("answers HEAD / (Claude Code's connectivity probe) and /health", async () => {
    const head = await exports.default.fetch("https://gateway.test/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect((await callGateway("/health")).json()).toEqual({ status: "ok" });
  });

  it("lists models in OpenAI's shape", async () => {
    const result = await callGateway("/v1/models", { headers: auth });
    expect(result.json()).toEqual({
      object: "list",
      data: [
        { id: "claude-sonnet", object: "model", created: 0, owned_by: "switchyard" },
        { id: "gpt-4o", object: "model", created: 0, owned_by: "switchyard" },
      ],
    });
  });

  it("lists models in Anthropic's shape when anthropic-version is sent", async () => {
    const result = await callGateway("/v1/models", { headers: { ...auth, "anthropic-version": "2023-06-01" } });
    expect(result.json()).toEqual({
      data: [
        { type: "model", id: "claude-sonnet", display_name: "claude-sonnet", created_at: "1970-01-01T00:00:00Z" },
        { type: "model", id: "gpt-4o", display_name: "gpt-4o", created_at: "1970-01-01T00:00:00Z" },
      ],
      has_more: false,
      first_id: "claude-sonnet",
      last_id: "gpt-4o",
    });
  });

  it("requires a key for /v1/models", async () => {
    expect((await callGateway("/v1/models")).response.status).toBe(401);
  });

  it("answers unknown routes with a 404 in the format of the path", async () => {
    const openai = await callGateway("/v1/nope", { headers: auth });
    expect(openai.response.status).toBe(404);
    expect(openai.json()).toMatchObject({ error: { type: "invalid_request_error", code: "route_not_found" } });
    const anthropic = await callGateway("/v1/messages/nope", { headers: auth });
    expect(anthropic.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });

  it("serves through the worker's real entrypoint with an x-request-id", async () => {
    const response = await exports.default.fetch("https://gateway.test/v1/chat/completions", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hey" }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).not.toBeNull();
    expect(await response.json()).toMatchObject({
      choices: [{ message: { content: "Mock reply from Switchyard. You said: hey" } }],
    });
  });
});
