import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL; wrangler applies it (`wrangler d1 migrations apply`).
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/core/db/schema.ts",
  out: "./d1-migrations",
});
