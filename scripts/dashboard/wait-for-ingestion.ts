import type { AdminApiClient } from "./admin-api-client.ts";

/**
 * Spend records and the session index reach D1 through the spend queue a few seconds after each request:
 * waits until the spend log stops growing.
 */
export async function waitForIngestion(admin: AdminApiClient, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const page = await admin.call<{ total: number }>("GET", "/spend/logs?page_size=1");
    if (page.total !== last) {
      last = page.total;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 4000) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return last;
}
