import { AGENT_ROUTE_CASES } from "./admin-rbac-agent-routes.ts";
import { CONTROL_ROUTE_CASES } from "./admin-rbac-control-routes.ts";
import type { RouteCase } from "./admin-rbac-policies.ts";

/**
 * Every admin route, keyed as `METHOD path` exactly as `adminApp.routes`
 * lists it: the matrix test fails for a route missing here (a new route
 * needs its access rule written down) and for an entry no route matches.
 */
export const ADMIN_ROUTE_CASES: Record<string, RouteCase> = { ...CONTROL_ROUTE_CASES, ...AGENT_ROUTE_CASES };
