import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures/accounts";
import { AppPage } from "./fixtures/app_page";

test.describe("the application shell", () => {
  test.beforeEach(async ({ page }) => signIn(page));

  test("hydrates: the menu button toggles the navigation without a page load", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const app = new AppPage(page);
    const response = await app.open("/");
    expect(response?.status()).toBe(200);
    await app.waitForHydration();
    await app.markDocument();

    const menu = app.menuButton();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(app.nav()).toBeHidden();

    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(menu).toHaveText("Close menu");
    await expect(app.nav()).toBeVisible();

    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    expect(await app.documentIsStillMarked()).toBe(true);
    // A Content-Security-Policy violation or a hydration panic would show up here.
    expect(app.errors()).toEqual([]);
  });

  test("pages are server-rendered documents whose islands hydrate", async ({ page }) => {
    const app = new AppPage(page);
    await app.open("/");
    await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();
    await app.waitForHydration();

    await app.nav().getByRole("link", { name: "Gap board" }).click();
    await expect(page).toHaveURL(/\/board$/);
    await expect(page.getByRole("heading", { level: 1, name: "Gap board" })).toBeVisible();
    await expect(app.nav().getByRole("link", { name: "Gap board" })).toHaveAttribute("aria-current", "page");
    await app.waitForHydration();
    // The page's HTML is whole before any script runs: the browser only hydrates islands.
    const html = await (await page.request.get("/board")).text();
    expect(html).toContain('data-testid="board-column"');
    expect(html).toContain("<leptos-island");
    expect(app.errors()).toEqual([]);
  });

  test("an unknown address gets the 404 page", async ({ page }) => {
    const app = new AppPage(page);
    const response = await app.open("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the portfolio" })).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test.beforeEach(async ({ page }) => signIn(page));

  test("the navigation stays usable and pages render", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const app = new AppPage(page);
    await app.open("/");
    await expect(app.menuButton()).toBeHidden();
    await app.nav().getByRole("link", { name: "Upload" }).click();
    await expect(page).toHaveURL(/\/upload$/);
    await expect(page.getByRole("heading", { level: 1, name: "Upload a report" })).toBeVisible();
  });

  test("the portfolio renders whole rather than a spinner", async ({ page }) => {
    await new AppPage(page).open("/");
    await expect(page.getByTestId("portfolio-row")).toHaveCount(5);
    await expect(page.getByText("Loading the portfolio")).toHaveCount(0);
  });
});
