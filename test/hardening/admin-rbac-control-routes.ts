import { TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { get, type RouteCase, unique } from "./admin-rbac-policies.ts";

/** What POST /config?dry_run=true validates: a config that keeps the master key. */
const CONFIG_YAML = `model_list:
  - { model_name: demo, litellm_params: { model: mock/demo } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

/** Health, sign-in, config, keys, teams, users, spend, sessions, models, prices and audit. */
export const CONTROL_ROUTE_CASES: Record<string, RouteCase> = {
  "GET /health": { policy: "public", request: get("/health") },
  "POST /auth/session": { policy: "signIn", keyInBody: true, request: async () => ({ path: "/auth/session" }) },
  "GET /auth/session": { policy: "read", request: get("/auth/session") },
  "DELETE /auth/session": { policy: "read", request: get("/auth/session") },
  "GET /analytics/overview": { policy: "read", request: get("/analytics/overview") },

  "GET /config": { policy: "read", request: get("/config") },
  "GET /config/versions": { policy: "read", request: get("/config/versions") },
  "POST /config": {
    policy: "admin",
    request: async () => ({ path: "/config?dry_run=true", text: CONFIG_YAML, contentType: "application/yaml" }),
  },

  "POST /key/generate": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/key/generate", body: { team_id: await f.team() } }),
  },
  "POST /key/update": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/key/update", body: { key: (await f.key()).key, key_alias: "renamed" } }),
  },
  "POST /key/block": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/key/block", body: { key: (await f.key()).key } }),
  },
  "POST /key/unblock": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/key/unblock", body: { key: (await f.key()).key } }),
  },
  "POST /key/delete": {
    policy: "teamWrite",
    fresh: true,
    request: async (f) => ({ path: "/key/delete", body: { keys: [(await f.key()).key] } }),
  },
  "GET /key/info": {
    policy: "teamRead",
    request: async (f) => ({ path: `/key/info?key=${(await f.key()).hash}` }),
  },
  "GET /key/list": { policy: "read", request: get("/key/list?return_full_object=true") },

  "POST /team/new": {
    policy: "admin",
    request: async () => ({ path: "/team/new", body: { team_id: unique("rbac-new") } }),
  },
  "POST /team/update": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/team/update", body: { team_id: await f.team(), team_alias: "renamed" } }),
  },
  "GET /team/info": { policy: "teamRead", request: async (f) => ({ path: `/team/info?team_id=${await f.team()}` }) },
  "GET /team/list": { policy: "read", request: get("/team/list") },
  "POST /team/delete": {
    policy: "admin",
    fresh: true,
    request: async (f) => ({ path: "/team/delete", body: { team_ids: [await f.team()] } }),
  },

  "POST /user/new": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/user/new", body: { team_id: await f.team(), auto_create_key: false } }),
  },
  "POST /user/update": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/user/update", body: { user_id: await f.user(), user_email: "lead@example.com" } }),
  },
  "GET /user/info": { policy: "teamRead", request: async (f) => ({ path: `/user/info?user_id=${await f.user()}` }) },
  "POST /user/delete": {
    policy: "teamWrite",
    fresh: true,
    request: async (f) => ({ path: "/user/delete", body: { user_ids: [await f.user()] } }),
  },

  "GET /spend/logs": { policy: "read", request: get("/spend/logs") },
  "GET /spend/keys": { policy: "read", request: get("/spend/keys") },
  "GET /spend/teams": { policy: "read", request: get("/spend/teams") },
  "GET /global/spend/report": { policy: "read", request: get("/global/spend/report?group_by=team") },

  "GET /sessions": { policy: "read", request: get("/sessions") },
  "GET /sessions/search": { policy: "read", request: get("/sessions/search?argument=hi") },
  "GET /sessions/:id": {
    policy: "teamRead",
    request: async (f) => {
      const session = await f.session();
      return { path: `/sessions/${session.id}?scope=${encodeURIComponent(session.scope)}` };
    },
  },
  "GET /sessions/:id/export": {
    policy: "teamRead",
    request: async (f) => {
      const session = await f.session();
      return { path: `/sessions/${session.id}/export?scope=${encodeURIComponent(session.scope)}` };
    },
  },
  "POST /sessions/:id/spans/:span/replay": {
    policy: "teamWrite",
    request: async (f) => {
      const session = await f.session();
      return {
        path: `/sessions/${session.id}/spans/${session.spanId}/replay?scope=${encodeURIComponent(session.scope)}`,
        body: {},
      };
    },
  },

  "GET /model/info": { policy: "read", request: get("/model/info") },
  "GET /v1/model/info": { policy: "read", request: get("/v1/model/info") },
  "POST /model/new": {
    policy: "admin",
    request: async () => ({
      path: "/model/new",
      body: { model_name: "rbac-new", litellm_params: { model: "mock/rbac-new" }, model_info: { id: unique("dep") } },
    }),
  },
  "POST /model/delete": {
    policy: "admin",
    fresh: true,
    request: async (f) => ({ path: "/model/delete", body: { id: await f.deployment() } }),
  },
  "GET /health/deployments": { policy: "operatorRead", request: get("/health/deployments") },
  "POST /model_prices/import": {
    policy: "admin",
    request: async () => ({
      path: "/model_prices/import",
      body: { "rbac-model": { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } },
    }),
  },
  "DELETE /model_prices": { policy: "admin", request: get("/model_prices") },
  "GET /model_prices": { policy: "read", request: get("/model_prices?model=gpt-4o") },

  "GET /audit": { policy: "read", request: get("/audit?limit=500") },
  "GET /audit/verify": { policy: "operatorRead", request: get("/audit/verify") },
};
