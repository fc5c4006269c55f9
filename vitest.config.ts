import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations("./d1-migrations"),
          // Tests pin the refresh interval so version pick-up is observable without sleeping long.
          CONFIG_REFRESH_MS: "0",
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./scripts/plain-summary-reporter.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
  },
}));
