import type { Context } from "hono";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { budgetScopesOf } from "./budget-scopes-of.ts";
import { budgetSettingsOf } from "./budget-settings.ts";
import { RequestBudget } from "./request-budget.ts";

/** The request's budget scopes (key, team, user), or undefined when none sets a limit. */
export function requestBudgetOf(c: Context<GatewayHonoEnv>): RequestBudget | undefined {
  const scopes = budgetScopesOf(c.get("principal"));
  if (scopes.length === 0) return undefined;
  const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
  return new RequestBudget(scopes, c.env, budgetSettingsOf(c.env), c.get("requestId"), waitUntil);
}
