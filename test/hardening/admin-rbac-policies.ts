import type { AdminFixture } from "./admin-fixture.ts";

/** Who calls, in the RBAC matrix. "own"/"other" is the team of the resource the request names. */
export const ROLES = [
  "master",
  "admin",
  "team_admin_own",
  "team_admin_other",
  "viewer",
  "plain_key",
  "no_key",
  "blocked_admin",
] as const;
export type Role = (typeof ROLES)[number];

/** allow: 2xx. deny: 403 (or 404 where the resource is hidden). unauthenticated: 401. invalid: 400. */
export type Outcome = "allow" | "deny" | "unauthenticated" | "invalid";

const refusedCallers = { plain_key: "deny", no_key: "unauthenticated", blocked_admin: "unauthenticated" } as const;

/** Who may do what, by kind of route (workers/admin/authorize.ts and each route's own checks). */
export const POLICIES = {
  /** Liveness, before authentication. */
  public: {
    master: "allow",
    admin: "allow",
    team_admin_own: "allow",
    team_admin_other: "allow",
    viewer: "allow",
    plain_key: "allow",
    no_key: "allow",
    blocked_admin: "allow",
  },
  /** Sign-in: the key travels in the body; a data-plane key is refused, a missing one is a bad request. */
  signIn: {
    master: "allow",
    admin: "allow",
    team_admin_own: "allow",
    team_admin_other: "allow",
    viewer: "allow",
    plain_key: "deny",
    no_key: "invalid",
    blocked_admin: "unauthenticated",
  },
  /** Config, teams, models, prices: the master key and `admin` keys only. */
  admin: {
    master: "allow",
    admin: "allow",
    team_admin_own: "deny",
    team_admin_other: "deny",
    viewer: "deny",
    ...refusedCallers,
  },
  /** Readable by every admin role; a team_admin sees only its own team's rows (checked for leaks). */
  read: {
    master: "allow",
    admin: "allow",
    team_admin_own: "allow",
    team_admin_other: "allow",
    viewer: "allow",
    ...refusedCallers,
  },
  /** One team's resource, read: everyone but another team's team_admin. */
  teamRead: {
    master: "allow",
    admin: "allow",
    team_admin_own: "allow",
    team_admin_other: "deny",
    viewer: "allow",
    ...refusedCallers,
  },
  /** One team's resource, changed: admins and that team's team_admin; viewers are read-only. */
  teamWrite: {
    master: "allow",
    admin: "allow",
    team_admin_own: "allow",
    team_admin_other: "deny",
    viewer: "deny",
    ...refusedCallers,
  },
  /** Global operational views (deployment health, the audit chain): admins and viewers, not team_admins. */
  operatorRead: {
    master: "allow",
    admin: "allow",
    team_admin_own: "deny",
    team_admin_other: "deny",
    viewer: "allow",
    ...refusedCallers,
  },
} as const satisfies Record<string, Record<Role, Outcome>>;

export interface RouteRequest {
  path: string;
  /** JSON-encoded unless `text` is given. */
  body?: unknown;
  text?: string;
  contentType?: string;
}

export interface RouteCase {
  policy: keyof typeof POLICIES;
  /** Every cell gets a fresh fixture: the request deletes, or otherwise uses up, what it names. */
  fresh?: boolean;
  /** Sign-in takes the caller's key in the body, not in a header. */
  keyInBody?: boolean;
  /**
   * The request names a resource the fixture cannot make (an approval needs a call held for a human):
   * allowed callers get its 404 after the access check, so refused ones must get 403 to be told apart.
   */
  missingResource?: boolean;
  request: (fixture: AdminFixture) => Promise<RouteRequest>;
}

/** A request that needs no fixture: a fixed path. */
export const get = (path: string) => async (): Promise<RouteRequest> => ({ path });

/** A name no earlier call used: ids live as long as the test file's D1. */
export const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
