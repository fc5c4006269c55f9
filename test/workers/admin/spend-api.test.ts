import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { writeSpendRecords } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM spend_logs"),
    env.DB.prepare("DELETE FROM virtual_keys"),
    env.DB.prepare("DELETE FROM teams"),
  ]);
  await activateConfig(`
model_list:
  - { model_name: cheap, litellm_params: { model: mock/cheap, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }
  - { model_name: dear, litellm_params: { model: mock/dear, input_cost_per_token: 0.00001, output_cost_per_token: 0.00003 } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});

async function request(key: string, model: string, content: string) {
  const result = await callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content }] }),
  });
  expect(result.response.status).toBe(200);
  // The queue consumer's write path, as it runs in production.
  await writeSpendRecords(env.DB, result.spendRecords);
  return Number(result.response.headers.get("x-switchyard-response-cost"));
}

describe("spend reports", () => {
  it("total to the sum of the records and of the cost headers, by key, team, model and day", async () => {
    await postAdmin("/team/new", { team_id: "red" });
    const red = String((await postAdmin("/key/generate", { team_id: "red" })).body.key);
    const solo = String((await postAdmin("/key/generate", {})).body.key);
    const costs = [
      await request(red, "cheap", "one"),
      await request(red, "dear", "two two"),
      await request(solo, "dear", "three three three"),
      await request(TEST_MASTER_KEY, "cheap", "four"),
    ];
    const headerTotal = costs.reduce((total, cost) => total + cost, 0);
    expect(headerTotal).toBeGreaterThan(0);

    const logs = await callAdmin("/spend/logs");
    const records = logs.body.data as Array<{ costUsd: number }>;
    expect(logs.body.total).toBe(4);
    expect(records.reduce((total, row) => total + row.costUsd, 0)).toBeCloseTo(headerTotal, 12);

    const byKey = (await callAdmin("/spend/keys")).body as unknown as Array<{ spend: number; requests: number }>;
    expect(byKey).toHaveLength(3);
    expect(byKey.reduce((total, row) => total + row.spend, 0)).toBeCloseTo(headerTotal, 12);

    const byTeam = (await callAdmin("/spend/teams")).body as unknown as Array<{
      team_id: string | null;
      spend: number;
    }>;
    expect(byTeam.find((row) => row.team_id === "red")?.spend).toBeCloseTo((costs[0] ?? 0) + (costs[1] ?? 0), 12);

    const report = await callAdmin("/global/spend/report?group_by=model");
    const rows = report.body.data as Array<{ day: string; model: string; spend: number; requests: number }>;
    expect(rows.map((row) => row.model).sort()).toEqual(["cheap", "dear"]);
    expect(rows.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.day))).toBe(true);
    expect(rows.reduce((total, row) => total + row.spend, 0)).toBeCloseTo(headerTotal, 12);

    const filtered = await callAdmin("/spend/logs?model=dear&team_id=red");
    expect(filtered.body.total).toBe(1);
  });

  it("exports CSV and rejects bad filters", async () => {
    await request(TEST_MASTER_KEY, "cheap", "csv");
    const response = await callAdminRaw("/spend/logs?format=csv");
    expect(response.headers.get("content-type")).toContain("text/csv");
    const [header, row] = (await response.text()).trim().split("\n");
    expect(header?.split(",")).toContain("costUsd");
    expect(row?.split(",")).toContain("cheap");
    expect((await callAdmin("/global/spend/report?group_by=planet")).body).toMatchObject({
      error: { param: "group_by" },
    });
    expect((await callAdmin("/spend/logs?start_date=yesterday")).body).toMatchObject({
      error: { param: "start_date" },
    });
  });
});

async function callAdminRaw(path: string) {
  const { adminApp } = await import("../../../workers/admin/app.ts");
  const { exports } = await import("cloudflare:workers");
  const { createExecutionContext } = await import("cloudflare:test");
  return adminApp.fetch(
    new Request(`https://admin.test${path}`, { headers: { authorization: `Bearer ${TEST_MASTER_KEY}` } }),
    { DB: env.DB, GATEWAY: exports.AdminRpc as never },
    createExecutionContext(),
  );
}
