import { defineConfig } from "vitest/config";

/**
 * End-to-end tests of the dashboard (npm run test:dashboard): plain Node, not the workerd pool. They
 * start the local stack under `wrangler dev` and drive headless Chromium (scripts/ensure-chromium.sh).
 */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 240_000,
    reporters: ["default", "./scripts/plain-summary-reporter.ts"],
  },
});
