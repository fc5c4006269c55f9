/**
 * /api/* → the admin worker, over the ADMIN service binding (dashboard/wrangler.toml).
 * The dashboard and its API share one origin, so the admin worker's SameSite=Strict
 * session cookie is sent without CORS; the admin worker stays the only authority
 * (this function adds nothing and checks nothing, it only strips the /api prefix).
 */
interface DashboardEnv {
  ADMIN: Fetcher;
}

const API_PREFIX = /^\/api(?=\/|$)/;

export const onRequest: PagesFunction<DashboardEnv> = async ({ request, env }) => {
  const url = new URL(request.url);
  url.pathname = url.pathname.replace(API_PREFIX, "") || "/";
  return env.ADMIN.fetch(new Request(url, request));
};
