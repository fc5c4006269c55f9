// The built dashboard, served by `wrangler pages dev` with its /api proxy, against the gateway and admin
// workers under `wrangler dev`, driven in headless Chromium (npm run test:dashboard).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUsd } from "../../dashboard/src/format/format-values.ts";
import { type DashboardFixture, MASTER_KEY, startDashboardFixture } from "./dashboard-fixture.ts";
import { chatCompletion, twoCallSession } from "./gateway-calls.ts";
import { refreshUntilVisible } from "./refresh-until.ts";

let fixture: DashboardFixture;

beforeAll(async () => {
  fixture = await startDashboardFixture();
});

afterAll(async () => {
  await fixture?.close();
});

/** A main-navigation link: empty states on a fresh database link to the same pages from the content too. */
function navLink(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
}

describe("the dashboard", () => {
  it("refuses a wrong key, then signs in with the master key into an HttpOnly cookie and nothing else", async () => {
    const page = await fixture.openDashboard();
    await page.getByLabel("Admin key").fill("sk-not-a-real-key-000000000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/not a valid admin key/i);
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("switchyard_session");

    await page.getByLabel("Admin key").fill(MASTER_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("signed-in-as").waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Admin");

    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === "switchyard_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    // Evaluated in the page (as text: this file is typed for Node, not the DOM).
    const visibleToScript = await page.evaluate<{ cookie: string; local: string; sessionStorage: string }>(
      "({ cookie: document.cookie, local: JSON.stringify({ ...localStorage }), sessionStorage: JSON.stringify({ ...sessionStorage }) })",
    );
    expect(visibleToScript.cookie).not.toContain("switchyard_session");
    expect(visibleToScript.local).not.toContain("sk-");
    expect(visibleToScript.sessionStorage).not.toContain("sk-");

    // A reload keeps the session (the cookie), and signing out ends it.
    await page.reload();
    await page.getByTestId("signed-in-as").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Admin key").waitFor();
  });

  it("creates a key, shows it once, and shows its spend after a request through the gateway", async () => {
    const page = await fixture.signedIn(MASTER_KEY);
    await navLink(page, "Keys").click();
    await page.getByRole("button", { name: "Create key" }).first().click();
    await page.locator('input[name="key_alias"]').fill("e2e-spender");
    await page.locator('input[name="max_budget"]').fill("5");
    await page.getByRole("button", { name: "Create key", exact: true }).last().click();

    const shown = page.getByTestId("new-key");
    await shown.waitFor();
    const key = (await shown.textContent())?.trim() ?? "";
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{16,}$/);
    await page.getByRole("button", { name: "I have copied it" }).click();
    await expect.poll(() => page.getByTestId("new-key").count()).toBe(0);

    const row = page.locator('[data-testid="key-row"][data-alias="e2e-spender"]');
    await row.waitFor();
    expect(await row.getByTestId("key-requests").textContent()).toBe("0");

    const answer = await chatCompletion(fixture.stack.gatewayUrl, key, {
      messages: [{ role: "user", content: "What does a gateway do?" }],
    });
    expect(answer.status).toBe(200);

    await refreshUntilVisible(page, row.getByTestId("key-requests").getByText("1", { exact: true }));
    const spend = await fixture.admin.call<Array<{ key: string; spend: number }>>("GET", "/spend/keys");
    const info = await fixture.admin.call<{ key: string }>("GET", `/key/info?key=${encodeURIComponent(key)}`);
    const recorded = spend.find((entry) => entry.key === info.key);
    expect(recorded?.spend).toBeGreaterThan(0);
    const spendCell = (await row.getByTestId("key-spend").textContent()) ?? "";
    expect(spendCell).toContain(formatUsd(recorded?.spend ?? 0));
    expect(spendCell).toContain("$5.00");
  });

  it("shows an imported config's validation errors inline, with their lines, and keeps the active version", async () => {
    const page = await fixture.signedIn(MASTER_KEY);
    await navLink(page, "Models & config").click();
    await page.getByTestId("active-config-yaml").waitFor();
    const activeBefore = await page
      .getByText(/^version \d+$/)
      .first()
      .textContent();

    const broken = [
      "model_list:",
      "  - model_name: demo",
      "    litellm_params:",
      "      model: mock/switchyard-demo",
      "  - model_name: broken",
      "    litellm_params:",
      "      model: openai/gpt-4o",
      "      rpm: lots",
      "",
    ].join("\n");
    await page.locator('textarea[name="config-yaml"]').fill(broken);
    await page.getByRole("button", { name: "Import and activate" }).click();

    const errors = page.getByTestId("config-errors");
    await errors.waitFor();
    const text = (await errors.textContent()) ?? "";
    expect(text).toContain("model_list[1].litellm_params.rpm");
    expect(text).toContain("line 8");
    expect(text).toContain("not imported");
    expect(
      await page
        .getByText(/^version \d+$/)
        .first()
        .textContent(),
    ).toBe(activeBefore);
    const active = await fixture.admin.call<{ version: number }>("GET", "/config");
    expect(`version ${active.version}`).toBe(activeBefore);
  });

  it("lists a two-call session and opens its trace as a waterfall with the tool call between the calls", async () => {
    const generated = await fixture.admin.call<{ key: string }>("POST", "/key/generate", { key_alias: "e2e-agent" });
    const sessionId = `e2e-session-${Date.now()}`;
    await twoCallSession(fixture.stack.gatewayUrl, generated.key, sessionId);

    const page = await fixture.signedIn(MASTER_KEY);
    await navLink(page, "Sessions").click();
    const link = page.getByRole("link", { name: sessionId });
    await refreshUntilVisible(page, link);
    await link.click();

    const waterfall = page.getByTestId("waterfall");
    await waterfall.waitFor();
    expect(await waterfall.getByTestId("span-model").count()).toBe(2);
    expect(await waterfall.getByTestId("span-tool").count()).toBe(1);
    expect(await waterfall.getByTestId("span-tool").textContent()).toContain("list_files");

    await waterfall.getByTestId("span-tool").click();
    const toolDetails = page.getByTestId("span-details");
    await toolDetails.waitFor();
    expect(await toolDetails.textContent()).toContain('"path": "."');
    expect(await toolDetails.textContent()).toContain("README.md");

    await waterfall.getByTestId("span-model").first().click();
    expect(await page.getByTestId("span-details").textContent()).toMatch(/demo → mock/);
  });

  it("shows a viewer the data but no create, edit or import controls", async () => {
    const viewer = await fixture.admin.call<{ key: string }>("POST", "/key/generate", {
      key_alias: "e2e-viewer",
      role: "viewer",
    });
    const page = await fixture.signedIn(viewer.key);
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Viewer");

    await navLink(page, "Keys").click();
    await page.getByTestId("keys-table").waitFor();
    expect(await page.getByRole("button", { name: "Create key" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(0);

    await navLink(page, "Models & config").click();
    await page.getByTestId("active-config-yaml").waitFor();
    expect(await page.getByRole("heading", { name: "Import a config" }).count()).toBe(0);
    await page.getByTestId("deployments-table").waitFor();
  });
});
