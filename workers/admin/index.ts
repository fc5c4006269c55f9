import { adminApp } from "./app.ts";

export type { AdminApp } from "./app.ts";

export default {
  fetch: adminApp.fetch,
} satisfies ExportedHandler<import("./admin-env.ts").AdminEnv>;
