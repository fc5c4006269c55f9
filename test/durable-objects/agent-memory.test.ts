import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MEMORY_LIMITS } from "../../durable-objects/agent-memory-rpc.ts";

// Each test gets its own agent, so objects never carry state from one test into the next.
let agents = 0;
function freshAgent(label: string) {
  agents += 1;
  const name = `${label}-${agents}-${crypto.randomUUID()}`;
  return { name, memory: env.AGENT_MEMORY.getByName(name) };
}

// Fake, generated for this test.
const GITHUB_TOKEN = ["ghp", "_", "R4nd0mT0k3nF0rT3st5aB7cD9eF1gH3iJ5kL7m"].join("");

const preferencesSchema = {
  type: "object",
  properties: {
    theme: { enum: ["dark", "light"] },
    fontSize: { type: "integer", minimum: 8, maximum: 32 },
    shortcuts: { type: "array", items: { type: "string", minLength: 1 }, maxItems: 3 },
    apiToken: { type: "string" },
  },
  required: ["theme"],
  additionalProperties: false,
};

describe("AgentMemory memories", () => {
  it("saves a memory and lists it, newest first", async () => {
    const { memory } = freshAgent("save");
    const first = await memory.saveMemory({ text: "The repo uses pnpm workspaces.", tags: ["repo"] });
    const second = await memory.saveMemory({ text: "Deploys go out on Tuesdays." });
    expect(first).toMatchObject({ ok: true, created: true, redactions: [] });
    expect(second).toMatchObject({ ok: true, created: true, redactions: [] });

    const listed = await memory.listMemory({});
    expect(listed.total).toBe(2);
    expect(listed.memories.map((entry) => entry.text)).toEqual([
      "Deploys go out on Tuesdays.",
      "The repo uses pnpm workspaces.",
    ]);
    expect(listed.memories[1]).toMatchObject({ key: null, tags: ["repo"] });
    expect(listed.memories[1]?.id).toBe(first.ok ? first.id : "");
  });

  it("scrubs secrets before storing and reports their kinds", async () => {
    const { memory } = freshAgent("scrub");
    const saved = await memory.saveMemory({
      text: `CI pushes with ${GITHUB_TOKEN} and reads postgres://ci:Xk29vQ7pLm3Rt8@db.internal/app`,
    });
    expect(saved).toMatchObject({
      ok: true,
      redactions: ["github_token", "connection_string_password"],
      memory: {
        text: "CI pushes with [REDACTED:github_token] and reads postgres://ci:[REDACTED:connection_string_password]@db.internal/app",
      },
    });
    const stored = await memory.listMemory({});
    expect(JSON.stringify(stored)).not.toContain(GITHUB_TOKEN.slice(4));
    expect(JSON.stringify(stored)).not.toContain("Xk29vQ7pLm3Rt8");
  });

  it("upserts by key: same id, new text, tags kept unless given", async () => {
    const { memory } = freshAgent("upsert");
    const first = await memory.saveMemory({ key: "deploy.day", text: "Deploys on Tuesdays.", tags: ["ops"] });
    const second = await memory.saveMemory({ key: "deploy.day", text: "Deploys moved to Thursdays." });
    if (!first.ok || !second.ok) throw new Error("saves were refused");
    expect(second.id).toBe(first.id);
    expect(second.created).toBe(false);
    expect(second.memory).toMatchObject({ key: "deploy.day", text: "Deploys moved to Thursdays.", tags: ["ops"] });
    expect(second.memory.createdAt).toBe(first.memory.createdAt);

    const third = await memory.saveMemory({ key: "deploy.day", text: "Deploys on Fridays.", tags: ["release"] });
    expect(third).toMatchObject({ ok: true, created: false, memory: { tags: ["release"] } });
    expect((await memory.listMemory({})).total).toBe(1);
    // The index follows the update: the old wording is gone, the new one found.
    expect((await memory.searchMemory({ query: "Tuesdays" })).results).toEqual([]);
    expect((await memory.searchMemory({ query: "fridays" })).results.map((hit) => hit.id)).toEqual([first.id]);
  });

  it("ranks search results with bm25 and stems words", async () => {
    const { memory } = freshAgent("rank");
    const editor = await memory.saveMemory({ text: "The customer prefers dark themes in the editor and dark mode" });
    const coffee = await memory.saveMemory({ text: "Dark roast coffee for the team offsite" });
    await memory.saveMemory({ text: "Deploys go out on Tuesdays" });
    if (!editor.ok || !coffee.ok) throw new Error("saves were refused");

    const found = await memory.searchMemory({ query: "dark editor theme" });
    expect(found.results.map((hit) => hit.id)).toEqual([editor.id, coffee.id]);
    const [best, next] = found.results;
    expect(best?.score).toBeGreaterThan(next?.score ?? Number.POSITIVE_INFINITY);
    expect((await memory.searchMemory({ query: "dark", limit: 1 })).results).toHaveLength(1);
  });

  it("filters by tags (all must match) in search and list", async () => {
    const { memory } = freshAgent("tags");
    const both = await memory.saveMemory({ text: "Use conventional commits", tags: ["repo", "git"] });
    await memory.saveMemory({ text: "Use squash merges for commits", tags: ["repo"] });
    await memory.saveMemory({ text: "Commits to main need review", tags: ["policy"] });
    if (!both.ok) throw new Error("save was refused");

    const repoGit = await memory.searchMemory({ query: "commits", tags: ["repo", "git"] });
    expect(repoGit.results.map((hit) => hit.id)).toEqual([both.id]);
    expect((await memory.searchMemory({ query: "commits", tags: ["repo"] })).results).toHaveLength(2);
    expect((await memory.listMemory({ tags: ["repo"] })).total).toBe(2);
    expect((await memory.listMemory({ tags: ["nothing"] })).memories).toEqual([]);
  });

  it("treats FTS5 syntax in a query as plain words", async () => {
    const { memory } = freshAgent("syntax");
    await memory.saveMemory({ text: "near the office" });
    expect((await memory.searchMemory({ query: 'NEAR(" * : ^' })).results).toHaveLength(1);
    expect((await memory.searchMemory({ query: "!!! ???" })).results).toEqual([]);
  });

  it("keeps agents apart", async () => {
    const alice = freshAgent("alice");
    const bob = freshAgent("bob");
    await alice.memory.saveMemory({ text: "Alice's agent deploys the billing service", key: "shared-key" });
    expect((await bob.memory.searchMemory({ query: "billing" })).results).toEqual([]);
    expect((await bob.memory.listMemory({})).total).toBe(0);
    const bobSave = await bob.memory.saveMemory({ text: "Bob's note", key: "shared-key" });
    expect(bobSave).toMatchObject({ ok: true, created: true });
    expect((await alice.memory.listMemory({})).memories.map((entry) => entry.text)).toEqual([
      "Alice's agent deploys the billing service",
    ]);
  });

  it("deletes a memory from the table and the index", async () => {
    const { memory } = freshAgent("delete");
    const saved = await memory.saveMemory({ text: "temporary note about staging" });
    if (!saved.ok) throw new Error("save was refused");
    expect(await memory.deleteMemory(saved.id)).toEqual({ ok: true });
    expect(await memory.deleteMemory(saved.id)).toEqual({ ok: false, reason: "not_found" });
    expect((await memory.searchMemory({ query: "staging" })).results).toEqual([]);
  });

  it(`refuses new memories beyond ${MEMORY_LIMITS.memories}, while updates by key still work`, async () => {
    const { memory } = freshAgent("full");
    await memory.saveMemory({ key: "kept", text: "first version" });
    await runInDurableObject(memory, (_instance, state) => {
      state.storage.sql.exec(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO memories (id, text, tags, created_at, updated_at) SELECT 'bulk-' || i, 'bulk', '[]', 0, 0 FROM n`,
        MEMORY_LIMITS.memories - 1,
      );
    });
    expect(await memory.saveMemory({ text: "one too many" })).toEqual({
      ok: false,
      reason: "memory_full",
      limit: MEMORY_LIMITS.memories,
    });
    expect(await memory.saveMemory({ key: "kept", text: "second version" })).toMatchObject({
      ok: true,
      created: false,
    });
  });
});

describe("AgentMemory blocks", () => {
  it("needs a schema for a new block and refuses unsupported keywords by path", async () => {
    const { memory } = freshAgent("block-schema");
    expect(await memory.updateBlock({ name: "customer.preferences", value: { theme: "dark" } })).toMatchObject({
      ok: false,
      reason: "schema_required",
      path: "schema",
    });
    const unsupported = await memory.updateBlock({
      name: "customer.preferences",
      schema: { type: "object", properties: { theme: { type: "string", pattern: "^d" } } },
      value: { theme: "dark" },
    });
    expect(unsupported).toMatchObject({
      ok: false,
      reason: "invalid_schema",
      path: "schema.properties.theme",
      message: "Unrecognized parameter(s) in 'schema.properties.theme': pattern.",
    });
    expect(await memory.getBlock("customer.preferences")).toEqual({ ok: false, reason: "not_found" });
  });

  it("validates values against the schema and names the first violation's path", async () => {
    const { memory } = freshAgent("block-value");
    const refused = await memory.updateBlock({
      name: "customer.preferences",
      schema: preferencesSchema,
      value: { theme: "blue", fontSize: 7.5, shortcuts: ["ctrl+k", ""], extra: true },
    });
    expect(refused).toEqual({
      ok: false,
      reason: "invalid_value",
      path: "value.theme",
      message: `Invalid value for 'value.theme': expected one of "dark", "light".`,
      violations: [
        { path: "value.theme", message: `expected one of "dark", "light"` },
        { path: "value.fontSize", message: "expected integer, but got number" },
        { path: "value.shortcuts[1]", message: "must be at least 1 character(s) long" },
        { path: "value.extra", message: "property is not allowed (additionalProperties is false)" },
      ],
    });
    const missing = await memory.updateBlock({ name: "customer.preferences", schema: preferencesSchema, value: {} });
    expect(missing).toMatchObject({ ok: false, path: "value.theme", message: expect.stringContaining("missing") });
  });

  it("stores, versions and returns a block; later updates are checked against the stored schema", async () => {
    const { memory } = freshAgent("block-store");
    const created = await memory.updateBlock({
      name: "customer.preferences",
      schema: preferencesSchema,
      value: { theme: "dark", fontSize: 14 },
    });
    expect(created).toMatchObject({ ok: true, created: true, redactions: [], block: { version: 1 } });

    const updated = await memory.updateBlock({ name: "customer.preferences", value: { theme: "light" } });
    expect(updated).toMatchObject({ ok: true, created: false, block: { version: 2, value: { theme: "light" } } });
    expect(
      await memory.updateBlock({ name: "customer.preferences", value: { theme: "light", fontSize: 99 } }),
    ).toMatchObject({
      ok: false,
      reason: "invalid_value",
      path: "value.fontSize",
      message: expect.stringContaining("at most 32"),
    });

    const read = await memory.getBlock("customer.preferences");
    expect(read).toMatchObject({
      ok: true,
      block: { name: "customer.preferences", schema: preferencesSchema, value: { theme: "light" }, version: 2 },
    });
  });

  it("scrubs secrets inside block values, recognising them by their JSON key", async () => {
    const { memory } = freshAgent("block-scrub");
    const saved = await memory.updateBlock({
      name: "customer.preferences",
      schema: preferencesSchema,
      value: { theme: "dark", apiToken: "Qm8zT4vXp2Lk9Rw7Nc5Y" },
    });
    expect(saved).toMatchObject({
      ok: true,
      redactions: ["generic_secret"],
      block: { value: { theme: "dark", apiToken: "[REDACTED:generic_secret]" } },
    });
  });
});

describe("AgentMemory durability", () => {
  it("keeps memories, the search index and blocks across eviction", async () => {
    const { name, memory } = freshAgent("evict");
    await memory.saveMemory({ key: "style", text: "Prefer early returns over nested conditionals", tags: ["repo"] });
    await memory.updateBlock({ name: "repo.conventions", schema: { type: "object" }, value: { indent: 2 } });

    await evictDurableObject(memory);

    const revived = env.AGENT_MEMORY.getByName(name);
    expect((await revived.searchMemory({ query: "nested returns", tags: ["repo"] })).results).toMatchObject([
      { key: "style", text: "Prefer early returns over nested conditionals" },
    ]);
    expect(await revived.getBlock("repo.conventions")).toMatchObject({ ok: true, block: { value: { indent: 2 } } });
  });
});

describe("AgentMemory MCP sessions", () => {
  it("opens, refreshes, idles out and closes sessions", async () => {
    const { memory } = freshAgent("sessions");
    const now = 1_800_000_000_000;
    const { sessionId } = await memory.openMcpSession({
      protocolVersion: "2025-06-18",
      clientName: "claude-code",
      now,
    });
    expect(await memory.touchMcpSession({ sessionId, now: now + 1000 })).toEqual({
      ok: true,
      protocolVersion: "2025-06-18",
    });
    // Idle a day after its last use: gone.
    expect(await memory.touchMcpSession({ sessionId, now: now + 1000 + 86_400_000 })).toEqual({
      ok: false,
      reason: "not_found",
    });

    const second = await memory.openMcpSession({ protocolVersion: "2025-11-25", clientName: null, now });
    expect(await memory.closeMcpSession(second.sessionId)).toEqual({ closed: true });
    expect(await memory.closeMcpSession(second.sessionId)).toEqual({ closed: false });
    expect(await memory.touchMcpSession({ sessionId: second.sessionId, now })).toEqual({
      ok: false,
      reason: "not_found",
    });
  });
});
