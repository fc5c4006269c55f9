import { eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { teams, users, virtualKeys } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { assertTeamScope, requireAdmin, requireWriter, teamFilterFor } from "../authorize.ts";
import { budgetPolicyChanges, budgetPolicyView } from "../budget-policy-fields.ts";
import { readAdminBody } from "../read-body.ts";
import { teamDeleteSchema, teamNewSchema, teamUpdateSchema } from "../schemas.ts";

type TeamRow = typeof teams.$inferSelect;

function teamView(row: TeamRow) {
  return {
    team_id: row.id,
    team_alias: row.alias,
    models: row.models ?? [],
    max_budget: row.maxBudgetUsd,
    budget_duration: row.budgetDuration,
    rpm_limit: row.rpmLimit,
    tpm_limit: row.tpmLimit,
    max_parallel_requests: row.maxParallelRequests,
    ...budgetPolicyView(row),
    metadata: row.metadata ?? {},
    blocked: row.blocked,
    created_at: new Date(row.createdAt).toISOString(),
  };
}

/** Teams (`/team/*`), LiteLLM-compatible. A team's limits apply on top of each of its keys'. */
export const teamRoutes = new Hono<AdminHonoEnv>()
  .post("/team/new", async (c) => {
    requireAdmin(c.get("actor"));
    const body = await readAdminBody(c, teamNewSchema);
    const db = drizzle(c.env.DB);
    const id = body.team_id ?? crypto.randomUUID();
    if ((await db.select({ id: teams.id }).from(teams).where(eq(teams.id, id)).get()) !== undefined) {
      throw new GatewayError("invalid_request", `Team '${id}' already exists.`, { param: "team_id" });
    }
    const [row] = await db
      .insert(teams)
      .values({
        id,
        alias: body.team_alias ?? null,
        models: body.models ?? [],
        maxBudgetUsd: body.max_budget ?? null,
        budgetDuration: body.budget_duration ?? null,
        rpmLimit: body.rpm_limit ?? null,
        tpmLimit: body.tpm_limit ?? null,
        maxParallelRequests: body.max_parallel_requests ?? null,
        ...budgetPolicyChanges(body),
        metadata: body.metadata ?? {},
        blocked: body.blocked ?? false,
      })
      .returning();
    if (row === undefined) throw new Error("team insert returned nothing");
    return c.json(teamView(row));
  })
  .post("/team/update", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, teamUpdateSchema);
    assertTeamScope(actor, body.team_id);
    const changes: Partial<typeof teams.$inferInsert> = { updatedAt: Date.now() };
    if (body.team_alias !== undefined) changes.alias = body.team_alias;
    // Budgets, limits, models and blocking are the admin's to change, not the team's own.
    const governs = [
      body.models,
      body.max_budget,
      body.budget_duration,
      body.rpm_limit,
      body.tpm_limit,
      body.max_parallel_requests,
      body.budget_timezone,
      body.unknown_price,
      body.budget_mode,
      body.blocked,
    ];
    if (governs.some((value) => value !== undefined)) requireAdmin(actor);
    if (body.models !== undefined) changes.models = body.models;
    if (body.max_budget !== undefined) changes.maxBudgetUsd = body.max_budget;
    if (body.budget_duration !== undefined) changes.budgetDuration = body.budget_duration;
    if (body.rpm_limit !== undefined) changes.rpmLimit = body.rpm_limit;
    if (body.tpm_limit !== undefined) changes.tpmLimit = body.tpm_limit;
    if (body.max_parallel_requests !== undefined) changes.maxParallelRequests = body.max_parallel_requests;
    Object.assign(changes, budgetPolicyChanges(body));
    if (body.metadata !== undefined) changes.metadata = body.metadata;
    if (body.blocked !== undefined) changes.blocked = body.blocked;
    const [row] = await drizzle(c.env.DB).update(teams).set(changes).where(eq(teams.id, body.team_id)).returning();
    if (row === undefined) throw notFound(`Team '${body.team_id}'`);
    return c.json(teamView(row));
  })
  .get("/team/info", async (c) => {
    const teamId = c.req.query("team_id");
    if (teamId === undefined) throw new GatewayError("invalid_request", "Pass ?team_id=.", { param: "team_id" });
    assertTeamScope(c.get("actor"), teamId);
    const db = drizzle(c.env.DB);
    const row = await db.select().from(teams).where(eq(teams.id, teamId)).get();
    if (row === undefined) throw notFound(`Team '${teamId}'`);
    const keys = await db
      .select({ token: virtualKeys.tokenHash, keyName: virtualKeys.keyPrefix, alias: virtualKeys.keyAlias })
      .from(virtualKeys)
      .where(eq(virtualKeys.teamId, teamId));
    return c.json({
      team_id: teamId,
      team_info: teamView(row),
      keys: keys.map((key) => ({ token: key.token, key_name: key.keyName, key_alias: key.alias })),
    });
  })
  .get("/team/list", async (c) => {
    const scope = teamFilterFor(c.get("actor"));
    const db = drizzle(c.env.DB);
    const rows = await (scope === undefined
      ? db.select().from(teams)
      : db.select().from(teams).where(eq(teams.id, scope)));
    return c.json(rows.map(teamView));
  })
  .post("/team/delete", async (c) => {
    requireAdmin(c.get("actor"));
    const body = await readAdminBody(c, teamDeleteSchema);
    const db = drizzle(c.env.DB);
    const found = await db.select({ id: teams.id }).from(teams).where(inArray(teams.id, body.team_ids));
    if (found.length !== body.team_ids.length) throw notFound("One of the teams");
    // A team's keys go with it (each deletion is logged, so gateways drop them at once); its users stay,
    // without a team (users.team_id references teams, so leaving them would fail the delete).
    await db.batch([
      db.delete(virtualKeys).where(inArray(virtualKeys.teamId, body.team_ids)),
      db.update(users).set({ teamId: null }).where(inArray(users.teamId, body.team_ids)),
      db.delete(teams).where(inArray(teams.id, body.team_ids)),
    ]);
    return c.json({ deleted_teams: body.team_ids });
  });
