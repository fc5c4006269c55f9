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
          // A fixed test key (base64 of 32 bytes): configs saved through the admin API are sealed with it.
          SWITCHYARD_ENCRYPTION_KEY: "c3dpdGNoeWFyZC10ZXN0LWtleS0zMi1ieXRlcy0hISE=",
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./scripts/plain-summary-reporter.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
    // Tests run in workerd, which sees no process.env: FUZZ_RUNS reaches test/hardening/ through inject().
    provide: { fuzzRuns: process.env.FUZZ_RUNS ?? "" },
  },
}));
