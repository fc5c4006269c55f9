import { and, count, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { addDuration, parseDuration } from "../../core/auth/duration.ts";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { generateVirtualKey, keyDisplayPrefix } from "../../core/auth/virtual-key.ts";
import { teams, users, virtualKeys } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { assertKeyReferencesInScope } from "../assert-key-references.ts";
import { assertTeamScope, requireAdmin, requireWriter, teamFilterFor } from "../authorize.ts";
import { budgetPolicyChanges } from "../budget-policy-fields.ts";
import { keyView } from "../key-view.ts";
import { MAX_PAGE, pageQuery } from "../page-query.ts";
import { readAdminBody } from "../read-body.ts";
import { keyDeleteSchema, keyGenerateSchema, keyReferenceSchema, keyUpdateSchema } from "../schemas.ts";

/** LiteLLM accepts either the key or its hash wherever a key is referenced. */
async function tokenHashOf(reference: string): Promise<string> {
  return reference.startsWith("sk-") ? sha256Hex(reference) : reference;
}

function expiryFrom(duration: string | null | undefined, now: number): number | null {
  if (duration === null || duration === undefined) return null;
  const parsed = parseDuration(duration);
  return parsed === undefined ? null : addDuration(now, parsed);
}

async function assertExists(
  db: ReturnType<typeof drizzle>,
  table: typeof teams | typeof users,
  id: string,
  what: string,
) {
  const row = await db.select({ id: table.id }).from(table).where(eq(table.id, id)).get();
  if (row === undefined)
    throw new GatewayError("invalid_request", `${what} '${id}' does not exist.`, { param: `${what.toLowerCase()}_id` });
}

/**
 * Virtual keys (`/key/*`), LiteLLM-compatible: the key is returned once by
 * /key/generate and stored only as its SHA-256. Every write lands in
 * key_changes (by trigger), which gateways poll to evict cached keys.
 */
export const keyRoutes = new Hono<AdminHonoEnv>()
  .post("/key/generate", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, keyGenerateSchema);
    if (body.role !== null && body.role !== undefined) requireAdmin(actor);
    const teamId = body.team_id ?? (actor.kind === "key" && actor.role === "team_admin" ? actor.teamId : null);
    assertTeamScope(actor, teamId);
    const db = drizzle(c.env.DB);
    await assertKeyReferencesInScope(db, actor, { userId: body.user_id, agentId: body.agent_id });
    if (teamId !== null) await assertExists(db, teams, teamId, "Team");
    if (body.user_id) await assertExists(db, users, body.user_id, "User");
    const key = body.key ?? generateVirtualKey();
    const now = Date.now();
    const budgetDuration = body.budget_duration ? parseDuration(body.budget_duration) : undefined;
    const row = {
      tokenHash: await sha256Hex(key),
      keyPrefix: keyDisplayPrefix(key),
      keyAlias: body.key_alias ?? null,
      teamId,
      userId: body.user_id ?? null,
      agentId: body.agent_id ?? null,
      models: body.models ?? [],
      maxBudgetUsd: body.max_budget ?? null,
      budgetDuration: body.budget_duration ?? null,
      budgetResetAt: budgetDuration === undefined ? null : addDuration(now, budgetDuration),
      rpmLimit: body.rpm_limit ?? null,
      tpmLimit: body.tpm_limit ?? null,
      maxParallelRequests: body.max_parallel_requests ?? null,
      ...budgetPolicyChanges(body),
      expiresAt: expiryFrom(body.duration, now),
      metadata: body.metadata ?? {},
      blocked: body.blocked ?? false,
      role: body.role ?? null,
      createdBy: actor.label,
    };
    const existing = await db
      .select({ hash: virtualKeys.tokenHash })
      .from(virtualKeys)
      .where(eq(virtualKeys.tokenHash, row.tokenHash))
      .get();
    if (existing !== undefined) throw new GatewayError("invalid_request", "This key already exists.", { param: "key" });
    const [inserted] = await db.insert(virtualKeys).values(row).returning();
    if (inserted === undefined) throw new Error("key insert returned nothing");
    return c.json({ ...keyView(inserted), key }, 200);
  })
  .post("/key/update", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, keyUpdateSchema);
    const db = drizzle(c.env.DB);
    const tokenHash = await tokenHashOf(body.key);
    const current = await db.select().from(virtualKeys).where(eq(virtualKeys.tokenHash, tokenHash)).get();
    if (current === undefined) throw notFound("The key");
    assertTeamScope(actor, current.teamId);
    if (body.team_id !== undefined) assertTeamScope(actor, body.team_id);
    await assertKeyReferencesInScope(db, actor, { userId: body.user_id, agentId: body.agent_id });
    const now = Date.now();
    const changes: Partial<typeof virtualKeys.$inferInsert> = { updatedAt: now };
    if (body.key_alias !== undefined) changes.keyAlias = body.key_alias;
    if (body.models !== undefined) changes.models = body.models;
    if (body.max_budget !== undefined) changes.maxBudgetUsd = body.max_budget;
    if (body.budget_duration !== undefined) changes.budgetDuration = body.budget_duration;
    if (body.rpm_limit !== undefined) changes.rpmLimit = body.rpm_limit;
    if (body.tpm_limit !== undefined) changes.tpmLimit = body.tpm_limit;
    if (body.max_parallel_requests !== undefined) changes.maxParallelRequests = body.max_parallel_requests;
    Object.assign(changes, budgetPolicyChanges(body));
    if (body.metadata !== undefined) changes.metadata = body.metadata;
    if (body.duration !== undefined) changes.expiresAt = expiryFrom(body.duration, now);
    if (body.team_id !== undefined) changes.teamId = body.team_id;
    if (body.user_id !== undefined) changes.userId = body.user_id;
    if (body.agent_id !== undefined) changes.agentId = body.agent_id;
    if (body.blocked !== undefined) changes.blocked = body.blocked;
    const [updated] = await db.update(virtualKeys).set(changes).where(eq(virtualKeys.tokenHash, tokenHash)).returning();
    if (updated === undefined) throw notFound("The key");
    return c.json(keyView(updated));
  })
  .post("/key/block", (c) => setBlocked(c, true))
  .post("/key/unblock", (c) => setBlocked(c, false))
  .post("/key/delete", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, keyDeleteSchema);
    const db = drizzle(c.env.DB);
    const hashes = await Promise.all(body.keys.map(tokenHashOf));
    const rows = await db
      .select({ hash: virtualKeys.tokenHash, teamId: virtualKeys.teamId })
      .from(virtualKeys)
      .where(inArray(virtualKeys.tokenHash, hashes));
    if (rows.length !== hashes.length) throw notFound("One of the keys");
    for (const row of rows) assertTeamScope(actor, row.teamId);
    await db.delete(virtualKeys).where(inArray(virtualKeys.tokenHash, hashes));
    return c.json({ deleted_keys: body.keys });
  })
  .get("/key/info", async (c) => {
    const reference = c.req.query("key");
    if (reference === undefined) throw new GatewayError("invalid_request", "Pass the key as ?key=.", { param: "key" });
    const row = await drizzle(c.env.DB)
      .select()
      .from(virtualKeys)
      .where(eq(virtualKeys.tokenHash, await tokenHashOf(reference)))
      .get();
    if (row === undefined) throw notFound("The key");
    assertTeamScope(c.get("actor"), row.teamId);
    return c.json({ key: row.tokenHash, info: keyView(row) });
  })
  .get("/key/list", async (c) => {
    const page = pageQuery(c.req.query("page"), 1, MAX_PAGE);
    const size = pageQuery(c.req.query("size"), 50, 100);
    const teamId = teamFilterFor(c.get("actor")) ?? c.req.query("team_id");
    const userId = c.req.query("user_id");
    const filters = and(
      teamId === undefined ? undefined : eq(virtualKeys.teamId, teamId),
      userId === undefined ? undefined : eq(virtualKeys.userId, userId),
    );
    const db = drizzle(c.env.DB);
    const [rows, totals] = await Promise.all([
      db
        .select()
        .from(virtualKeys)
        .where(filters)
        .orderBy(virtualKeys.createdAt)
        .limit(size)
        .offset((page - 1) * size),
      db.select({ total: count() }).from(virtualKeys).where(filters),
    ]);
    const total = totals[0]?.total ?? 0;
    const full = c.req.query("return_full_object") === "true";
    return c.json({
      keys: full ? rows.map(keyView) : rows.map((row) => row.tokenHash),
      total_count: total,
      current_page: page,
      total_pages: Math.ceil(total / size),
    });
  });

async function setBlocked(c: import("hono").Context<AdminHonoEnv>, blocked: boolean) {
  const actor = c.get("actor");
  requireWriter(actor);
  const body = await readAdminBody(c, keyReferenceSchema);
  const db = drizzle(c.env.DB);
  const tokenHash = await tokenHashOf(body.key);
  const current = await db
    .select({ teamId: virtualKeys.teamId })
    .from(virtualKeys)
    .where(eq(virtualKeys.tokenHash, tokenHash))
    .get();
  if (current === undefined) throw notFound("The key");
  assertTeamScope(actor, current.teamId);
  const [updated] = await db
    .update(virtualKeys)
    .set({ blocked, updatedAt: Date.now() })
    .where(eq(virtualKeys.tokenHash, tokenHash))
    .returning();
  if (updated === undefined) throw notFound("The key");
  return c.json(keyView(updated));
}
