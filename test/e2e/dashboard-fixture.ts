// One local stack and one headless Chromium for the whole e2e file; a fresh browser context per test.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type AdminApiClient, adminApiClient } from "../../scripts/dashboard/admin-api-client.ts";
import { buildDashboard } from "../../scripts/dashboard/build-dashboard.ts";
import { type LocalStack, startLocalStack } from "../../scripts/dashboard/start-local-stack.ts";

export const MASTER_KEY = "sk-e2e-master-0123456789abcdef";

/** The built-in mock provider answers in-process: no network, deterministic token counts, priced. */
export const E2E_CONFIG = `model_list:
  - model_name: demo
    litellm_params:
      model: mock/switchyard-demo
      input_cost_per_token: 0.000001
      output_cost_per_token: 0.000002
    model_info:
      id: demo-mock
general_settings:
  master_key: os.environ/MASTER_KEY
`;

/** Debian's chromium (scripts/ensure-chromium.sh installs it); override for other systems. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface DashboardFixture {
  stack: LocalStack;
  admin: AdminApiClient;
  /** A new page in a new context (no cookies), at the dashboard's sign-in screen. */
  openDashboard(): Promise<Page>;
  /** The same, signed in through the sign-in form with `key`. */
  signedIn(key: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startDashboardFixture(): Promise<DashboardFixture> {
  buildDashboard();
  const workDir = mkdtempSync(join(tmpdir(), "switchyard-dashboard-e2e-"));
  const stack = await startLocalStack({ workDir, masterKey: MASTER_KEY, vars: { CONFIG_REFRESH_MS: "500" } });
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const close = async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await browser?.close();
    await stack.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const admin = adminApiClient(stack.adminUrl, MASTER_KEY);
    await admin.importConfig(E2E_CONFIG, "e2e");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    const launched = browser;
    const openDashboard = async () => {
      const context = await launched.newContext({ viewport: { width: 1400, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(stack.dashboardUrl);
      return page;
    };
    const signedIn = async (key: string) => {
      const page = await openDashboard();
      await page.getByLabel("Admin key").fill(key);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("signed-in-as").waitFor();
      return page;
    };
    return { stack, admin, openDashboard, signedIn, close };
  } catch (error) {
    await close();
    throw error;
  }
}
