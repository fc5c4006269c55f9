// npm run screenshots: builds the dashboard, starts the local stack with a demo upstream, seeds it through
// the admin API and the gateway, and saves a screenshot of every page to docs/screenshots/<page>.png.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { projectRoot } from "../wrangler-cli.ts";
import { adminApiClient } from "./admin-api-client.ts";
import { buildDashboard } from "./build-dashboard.ts";
import { startDemoUpstream } from "./demo-upstream.ts";
import { type DemoSeed, seedDemoData } from "./seed-demo-data.ts";
import { startLocalStack } from "./start-local-stack.ts";
import { waitForIngestion } from "./wait-for-ingestion.ts";

const MASTER_KEY = "sk-screenshots-master-0123456789";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const outputDir = join(projectRoot, "docs/screenshots");
const VIEWPORT = { width: 1440, height: 900 };

interface Shot {
  name: string;
  /** Navigates and waits until the page shows what the screenshot is for. */
  open(page: Page, seed: DemoSeed): Promise<void>;
  /** Taller than the viewport: shot with a viewport as tall as the page. */
  fullPage?: boolean;
  /** Depends on an API that may refuse (replay): a failure skips the shot instead of the run. */
  optional?: boolean;
}

const goto = async (page: Page, hash: string, ready: string) => {
  // The same hash again fires no hashchange: reload, so every shot starts from a fresh page.
  if ((await page.evaluate<string>("window.location.hash")) === hash) await page.reload();
  else await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  await page.getByTestId(ready).first().waitFor();
};

const BROKEN_CONFIG = `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      rpm: "lots"
  - model_name: claude
    litellm_params:
      api_key: os.environ/ANTHROPIC_API_KEY
`;

const SHOTS: Shot[] = [
  {
    name: "overview",
    fullPage: true,
    open: async (page) => {
      await goto(page, "#/", "overview-ready");
      await page.locator(".chart canvas").first().waitFor();
    },
  },
  { name: "keys", open: (page) => goto(page, "#/keys", "keys-table") },
  {
    name: "key-created",
    open: async (page) => {
      await goto(page, "#/keys", "keys-table");
      await page.getByRole("button", { name: "Create key" }).first().click();
      await page.locator('input[name="key_alias"]').fill("staging-deploys");
      await page.locator('input[name="max_budget"]').fill("15");
      await page.locator('input[name="budget_duration"]').fill("30d");
      await page.getByRole("button", { name: "Create key", exact: true }).last().click();
      await page.getByTestId("new-key").waitFor();
    },
  },
  { name: "teams", open: (page) => goto(page, "#/teams", "teams-table") },
  {
    name: "models-and-config",
    fullPage: true,
    open: async (page) => {
      await goto(page, "#/models", "deployments-table");
      await page.getByTestId("active-config-yaml").waitFor();
      await page.locator('textarea[name="config-yaml"]').fill(BROKEN_CONFIG);
      await page.getByRole("button", { name: "Validate" }).click();
      await page.getByTestId("config-errors").waitFor();
    },
  },
  { name: "agents", open: (page) => goto(page, "#/agents", "agents-table") },
  {
    name: "agent-versions",
    open: async (page, seed) => {
      await goto(page, `#/agents/${seed.agentId}`, "agent-tabs");
      await page.getByRole("tab", { name: "Versions" }).click();
      await page.getByTestId("agent-diff").waitFor();
    },
  },
  {
    name: "agent-connect",
    open: async (page, seed) => {
      await goto(page, `#/agents/${seed.agentId}`, "agent-tabs");
      await page.getByRole("tab", { name: "Connect" }).click();
      await page.getByTestId("connect-snippets").waitFor();
    },
  },
  { name: "sessions", open: (page) => goto(page, "#/sessions", "sessions-table") },
  {
    name: "session-trace",
    fullPage: true,
    open: async (page, seed) => {
      await goto(page, `#/sessions/${seed.sessionId}`, "waterfall");
      await page.getByTestId("span-tool").first().click();
      await page.getByTestId("span-details").waitFor();
    },
  },
  {
    name: "session-replay",
    fullPage: true,
    optional: true,
    open: async (page, seed) => {
      await goto(page, `#/sessions/${seed.sessionId}`, "waterfall");
      await page.getByTestId("span-model").nth(2).click();
      await page.locator('input[name^="replay-model-"]').fill("gpt-4o");
      await page.getByRole("button", { name: "Replay", exact: true }).click();
      const outcome = page.getByTestId("replay-result").or(page.locator(".replay .field-error"));
      await outcome.first().waitFor({ timeout: 30_000 });
      const refused = await page.locator(".replay .field-error").count();
      if (refused > 0)
        throw new Error(`the replay was refused: ${await page.locator(".replay .field-error").textContent()}`);
    },
  },
  { name: "audit-log", open: (page) => goto(page, "#/audit", "audit-verify") },
];

async function shoot(browser: Browser, dashboardUrl: string, seed: DemoSeed): Promise<void> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(dashboardUrl);
  await page.screenshot({ path: join(outputDir, "sign-in.png") });
  await page.getByLabel("Admin key").fill(MASTER_KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-as").waitFor();
  for (const shot of SHOTS) {
    await page.keyboard.press("Escape");
    try {
      await shot.open(page, seed);
    } catch (error) {
      const failedShot = join(tmpdir(), `switchyard-screenshot-failed-${shot.name}.png`);
      await page.screenshot({ path: failedShot });
      const alerts = await page.getByRole("alert").allTextContents();
      console.warn(`  ${shot.name} failed (page: ${failedShot}; alerts: ${JSON.stringify(alerts)})`);
      if (shot.optional !== true) throw error;
      console.warn(
        `  skipped docs/screenshots/${shot.name}.png: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    if (shot.fullPage === true) {
      // A viewport as tall as the page (not Playwright's fullPage stitching): the sticky nav stays put.
      const height = await page.evaluate<number>("document.documentElement.scrollHeight");
      await page.setViewportSize({ width: VIEWPORT.width, height: Math.max(VIEWPORT.height, height) });
    }
    // Let the progress bar and chart animations settle.
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(outputDir, `${shot.name}.png`) });
    await page.setViewportSize(VIEWPORT);
    console.log(`  docs/screenshots/${shot.name}.png`);
  }
  await context.close();
}

const workDir = mkdtempSync(join(tmpdir(), "switchyard-screenshots-"));
mkdirSync(outputDir, { recursive: true });
console.log("• building the dashboard");
buildDashboard();
const upstream = await startDemoUpstream();
let browser: Browser | undefined;
try {
  console.log("• starting gateway, admin and dashboard (wrangler dev, scratch state)");
  const stack = await startLocalStack({
    workDir,
    masterKey: MASTER_KEY,
    // The demo upstream listens on loopback, which the outbound URL policy refuses by default.
    vars: { OUTBOUND_ALLOW_PRIVATE: "true", CONFIG_REFRESH_MS: "500", DEMO_UPSTREAM_KEY: "sk-demo-upstream" },
  });
  try {
    const admin = adminApiClient(stack.adminUrl, MASTER_KEY);
    console.log("• seeding teams, keys, agents and traffic");
    const seed = await seedDemoData(admin, stack.gatewayUrl, upstream.apiBase);
    await waitForIngestion(admin);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    console.log("• screenshots");
    await shoot(browser, stack.dashboardUrl, seed);
  } finally {
    await browser?.close();
    await stack.stop();
  }
} finally {
  await upstream.close();
  rmSync(workDir, { recursive: true, force: true });
}
