import { eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { generateVirtualKey, keyDisplayPrefix } from "../../core/auth/virtual-key.ts";
import { teams, users, virtualKeys } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { assertTeamScope, requireWriter } from "../authorize.ts";
import { budgetPolicyChanges, budgetPolicyView } from "../budget-policy-fields.ts";
import { keyView } from "../key-view.ts";
import { readAdminBody } from "../read-body.ts";
import { userDeleteSchema, userNewSchema, userUpdateSchema } from "../schemas.ts";

type UserRow = typeof users.$inferSelect;

function userView(row: UserRow) {
  return {
    user_id: row.id,
    user_email: row.email,
    team_id: row.teamId,
    max_budget: row.maxBudgetUsd,
    budget_duration: row.budgetDuration,
    rpm_limit: row.rpmLimit,
    tpm_limit: row.tpmLimit,
    max_parallel_requests: row.maxParallelRequests,
    ...budgetPolicyView(row),
    metadata: row.metadata ?? {},
    created_at: new Date(row.createdAt).toISOString(),
  };
}

/** Users (`/user/*`), LiteLLM-compatible; /user/new also issues a key unless `auto_create_key: false`. */
export const userRoutes = new Hono<AdminHonoEnv>()
  .post("/user/new", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, userNewSchema);
    const teamId = body.team_id ?? (actor.kind === "key" && actor.role === "team_admin" ? actor.teamId : null);
    assertTeamScope(actor, teamId);
    const db = drizzle(c.env.DB);
    if (
      teamId !== null &&
      (await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get()) === undefined
    ) {
      throw new GatewayError("invalid_request", `Team '${teamId}' does not exist.`, { param: "team_id" });
    }
    const id = body.user_id ?? crypto.randomUUID();
    if ((await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) !== undefined) {
      throw new GatewayError("invalid_request", `User '${id}' already exists.`, { param: "user_id" });
    }
    const [row] = await db
      .insert(users)
      .values({
        id,
        email: body.user_email ?? null,
        teamId,
        maxBudgetUsd: body.max_budget ?? null,
        budgetDuration: body.budget_duration ?? null,
        rpmLimit: body.rpm_limit ?? null,
        tpmLimit: body.tpm_limit ?? null,
        maxParallelRequests: body.max_parallel_requests ?? null,
        ...budgetPolicyChanges(body),
        metadata: body.metadata ?? {},
      })
      .returning();
    if (row === undefined) throw new Error("user insert returned nothing");
    if (body.auto_create_key === false) return c.json(userView(row));
    const key = generateVirtualKey();
    const [keyRow] = await db
      .insert(virtualKeys)
      .values({
        tokenHash: await sha256Hex(key),
        keyPrefix: keyDisplayPrefix(key),
        userId: id,
        teamId,
        createdBy: actor.label,
      })
      .returning();
    return c.json({ ...userView(row), key, key_info: keyRow === undefined ? null : keyView(keyRow) });
  })
  .post("/user/update", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, userUpdateSchema);
    const db = drizzle(c.env.DB);
    const current = await db.select().from(users).where(eq(users.id, body.user_id)).get();
    if (current === undefined) throw notFound(`User '${body.user_id}'`);
    assertTeamScope(actor, current.teamId);
    if (body.team_id !== undefined) assertTeamScope(actor, body.team_id);
    const changes: Partial<typeof users.$inferInsert> = { updatedAt: Date.now() };
    if (body.user_email !== undefined) changes.email = body.user_email;
    if (body.team_id !== undefined) changes.teamId = body.team_id;
    if (body.max_budget !== undefined) changes.maxBudgetUsd = body.max_budget;
    if (body.budget_duration !== undefined) changes.budgetDuration = body.budget_duration;
    if (body.rpm_limit !== undefined) changes.rpmLimit = body.rpm_limit;
    if (body.tpm_limit !== undefined) changes.tpmLimit = body.tpm_limit;
    if (body.max_parallel_requests !== undefined) changes.maxParallelRequests = body.max_parallel_requests;
    Object.assign(changes, budgetPolicyChanges(body));
    if (body.metadata !== undefined) changes.metadata = body.metadata;
    const [row] = await db.update(users).set(changes).where(eq(users.id, body.user_id)).returning();
    if (row === undefined) throw notFound(`User '${body.user_id}'`);
    return c.json(userView(row));
  })
  .get("/user/info", async (c) => {
    const userId = c.req.query("user_id");
    if (userId === undefined) throw new GatewayError("invalid_request", "Pass ?user_id=.", { param: "user_id" });
    const db = drizzle(c.env.DB);
    const row = await db.select().from(users).where(eq(users.id, userId)).get();
    if (row === undefined) throw notFound(`User '${userId}'`);
    assertTeamScope(c.get("actor"), row.teamId);
    const keys = await db.select().from(virtualKeys).where(eq(virtualKeys.userId, userId));
    return c.json({ user_id: userId, user_info: userView(row), keys: keys.map(keyView) });
  })
  .post("/user/delete", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, userDeleteSchema);
    const db = drizzle(c.env.DB);
    const rows = await db
      .select({ id: users.id, teamId: users.teamId })
      .from(users)
      .where(inArray(users.id, body.user_ids));
    if (rows.length !== body.user_ids.length) throw notFound("One of the users");
    for (const row of rows) assertTeamScope(actor, row.teamId);
    await db.batch([
      db.delete(virtualKeys).where(inArray(virtualKeys.userId, body.user_ids)),
      db.delete(users).where(inArray(users.id, body.user_ids)),
    ]);
    return c.json({ deleted_users: body.user_ids });
  });
