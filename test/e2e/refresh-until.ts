import type { Locator, Page } from "playwright-core";

/**
 * Spend and the session index reach D1 through the spend queue, seconds after the request: clicks the
 * page's Refresh button until `target` shows, as a user would.
 */
export async function refreshUntilVisible(page: Page, target: Locator, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await target.first().waitFor({ state: "visible", timeout: 1500 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await page.getByRole("button", { name: "Refresh" }).first().click();
  }
}
