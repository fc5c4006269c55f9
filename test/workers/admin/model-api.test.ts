import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

const baseConfig = `
model_list:
  - model_name: demo
    litellm_params: { model: mock/demo, api_key: sk-literal-provider-secret, mock_response: "from demo" }
    model_info: { id: demo-a, owner: platform }
  - model_name: demo
    litellm_params: { model: mock/demo-b, api_key: os.environ/DEMO_KEY }
  - model_name: other
    litellm_params: { model: mock/other }
general_settings:
  master_key: ${TEST_MASTER_KEY}
`;

let baseVersion = 0;

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM config_versions"),
    env.DB.prepare("DELETE FROM virtual_keys"),
    env.DB.prepare("DELETE FROM teams"),
  ]);
  baseVersion = await activateConfig(baseConfig);
});

type ModelInfo = { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> };

async function listedModels(path = "/model/info") {
  const { status, body } = await callAdmin(path);
  expect(status).toBe(200);
  return body.data as ModelInfo[];
}

async function activeVersion() {
  const { body } = await callAdmin("/config/versions");
  const versions = body.versions as Array<{
    version: number;
    createdBy: string;
    comment: string | null;
    isActive: boolean;
  }>;
  return versions.find((version) => version.isActive);
}

const chat = (model: string) =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });

async function keyWithRole(role: "viewer" | "team_admin") {
  if (role === "team_admin") await postAdmin("/team/new", { team_id: "red" });
  const generated = await postAdmin("/key/generate", role === "team_admin" ? { role, team_id: "red" } : { role });
  return String(generated.body.key);
}

describe("GET /model/info", () => {
  it("lists every deployment with its id and literal secrets masked, also under /v1", async () => {
    const expected = [
      {
        model_name: "demo",
        litellm_params: { model: "mock/demo", api_key: "sk****et", mock_response: "from demo" },
        model_info: { id: "demo-a", owner: "platform" },
      },
      {
        model_name: "demo",
        litellm_params: { model: "mock/demo-b", api_key: "os.environ/DEMO_KEY" },
        model_info: { id: "demo#1" },
      },
      { model_name: "other", litellm_params: { model: "mock/other" }, model_info: { id: "other#2" } },
    ];
    expect(await listedModels()).toEqual(expected);
    expect(await listedModels("/v1/model/info")).toEqual(expected);
    expect(JSON.stringify(await callAdmin("/model/info"))).not.toContain("sk-literal-provider-secret");
  });

  it("filters by litellm_model_id, and answers 404 for an unknown one", async () => {
    expect((await listedModels("/model/info?litellm_model_id=demo%231")).map((model) => model.model_info.id)).toEqual([
      "demo#1",
    ]);
    const unknown = await callAdmin("/model/info?litellm_model_id=nope");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { message: "Model 'nope' was not found." } });
  });

  it("is readable with a viewer key", async () => {
    const viewer = await keyWithRole("viewer");
    expect((await callAdmin("/model/info", { key: viewer })).status).toBe(200);
  });
});

describe("POST /model/new", () => {
  it("activates a new config version with the model, which the gateway then serves", async () => {
    const { status, body } = await postAdmin("/model/new", {
      model_name: "fresh",
      litellm_params: { model: "mock/fresh", api_key: "sk-another-secret-value", mock_response: "hello from fresh" },
      model_info: { id: "fresh-1", team: "search" },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      model_id: "fresh-1",
      model_name: "fresh",
      litellm_params: { model: "mock/fresh", api_key: "sk****ue", mock_response: "hello from fresh" },
      model_info: { id: "fresh-1", team: "search" },
      config_version: baseVersion + 1,
      warnings: [],
    });
    expect(await activeVersion()).toMatchObject({
      version: baseVersion + 1,
      createdBy: "master_key",
      comment: "model/new: added deployment 'fresh-1' (mock/fresh) to model group 'fresh'",
    });
    const models = await listedModels();
    expect(models.map((model) => model.model_info.id)).toEqual(["demo-a", "demo#1", "other#2", "fresh-1"]);

    // CONFIG_REFRESH_MS is 0 in tests: the first request sees the cached version and triggers the refresh.
    await chat("demo");
    const served = await chat("fresh");
    expect(served.response.status).toBe(200);
    expect(served.response.headers.get("x-switchyard-deployment")).toBe("fresh-1");
    expect(served.json()).toMatchObject({ choices: [{ message: { content: "hello from fresh" } }] });
  });

  it("gives a model without an id a UUID, and warns about unknown params and providers", async () => {
    const { status, body } = await postAdmin("/model/new", {
      model_name: "exotic",
      litellm_params: { model: "nowhere/model-x", shiny_param: 1 },
    });
    expect(status).toBe(200);
    expect(body.model_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body.model_info).toEqual({ id: body.model_id });
    expect(body.warnings).toEqual([
      "litellm_params.shiny_param: not supported by Switchyard; kept and ignored",
      "litellm_params.model: provider 'nowhere' is not supported yet; requests to it will fail",
    ]);
  });

  it("names the failing path of an invalid body and activates nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{ model_name: "x", litellm_params: {} }, "litellm_params.model"],
      [{ model_name: "x", litellm_params: { model: "mock/x", rpm: "fast" } }, "litellm_params.rpm"],
      [{ litellm_params: { model: "mock/x" } }, "model_name"],
      [{ model_name: "x", litellm_params: { model: "mock/x" }, model_info: { id: 7 } }, "model_info.id"],
    ];
    for (const [body, param] of cases) {
      const result = await postAdmin("/model/new", body);
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ error: { type: "invalid_request_error", param } });
    }
    const extra = await postAdmin("/model/new", { model_name: "x", litellm_params: { model: "mock/x" }, team_id: "t" });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ error: { message: "Unrecognized parameter(s) in the request body: team_id." } });
    expect((await activeVersion())?.version).toBe(baseVersion);
  });

  it("refuses an id that is already taken with 409", async () => {
    for (const id of ["demo-a", "demo#1"]) {
      const result = await postAdmin("/model/new", {
        model_name: "again",
        litellm_params: { model: "mock/again" },
        model_info: { id },
      });
      expect(result.status).toBe(409);
      expect(result.body).toMatchObject({
        error: { message: `A deployment with id '${id}' already exists.`, param: "model_info.id" },
      });
    }
    expect((await activeVersion())?.version).toBe(baseVersion);
  });
});

describe("POST /model/delete", () => {
  it("activates a new version without the deployment; later index-based ids stay put", async () => {
    const { status, body } = await postAdmin("/model/delete", { id: "demo-a" });
    expect(status).toBe(200);
    expect(body).toEqual({ message: "Model: demo-a deleted successfully", config_version: baseVersion + 1 });
    expect(await activeVersion()).toMatchObject({
      createdBy: "master_key",
      comment: "model/delete: removed deployment 'demo-a' (mock/demo) from model group 'demo'",
    });
    // demo#1 and other#2 are now at indexes 0 and 1: their ids are written into model_info.
    expect((await listedModels()).map((model) => model.model_info.id)).toEqual(["demo#1", "other#2"]);
    expect((await postAdmin("/model/delete", { id: "demo#1" })).status).toBe(200);
    const remaining = await listedModels();
    expect(remaining).toEqual([
      { model_name: "other", litellm_params: { model: "mock/other" }, model_info: { id: "other#2" } },
    ]);

    await chat("other");
    const served = await chat("other");
    expect(served.response.headers.get("x-switchyard-deployment")).toBe("other#2");
  });

  it("answers 404 for an unknown id and 400 without one, activating nothing", async () => {
    const unknown = await postAdmin("/model/delete", { id: "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { message: "Model 'nope' was not found." } });
    const missing = await postAdmin("/model/delete", {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { param: "id" } });
    expect((await activeVersion())?.version).toBe(baseVersion);
  });
});

describe("model management roles", () => {
  it("lets only admins add or delete models", async () => {
    const viewer = await keyWithRole("viewer");
    const teamAdmin = await keyWithRole("team_admin");
    const newModel = { model_name: "x", litellm_params: { model: "mock/x" } };
    for (const key of [viewer, teamAdmin]) {
      expect((await postAdmin("/model/new", newModel, key)).status).toBe(403);
      expect((await postAdmin("/model/delete", { id: "demo-a" }, key)).status).toBe(403);
    }
    expect((await postAdmin("/model/new", newModel, null)).status).toBe(401);
    expect((await activeVersion())?.version).toBe(baseVersion);
  });
});
