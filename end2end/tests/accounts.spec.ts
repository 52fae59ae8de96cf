import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER, signIn } from "./fixtures/accounts";
import { AppPage } from "./fixtures/app_page";

test.describe("signing in and out", () => {
  test("log in, see your name, log out", async ({ page }) => {
    const app = new AppPage(page);
    // Asking for a page while signed out leads to the sign-in page, and back afterwards.
    await app.open("/board");
    await expect(page).toHaveURL(/\/login\?next=%2Fboard$/);
    await app.waitForHydration();

    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/board$/);
    await expect(page.getByTestId("user-name")).toContainText(ADMIN.name);
    await expect(page.getByRole("heading", { level: 1, name: "Gap board" })).toBeVisible();

    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/login\?signed_out=1$/);
    await expect(page.getByText("You have signed out.")).toBeVisible();
    await expect(page.getByTestId("sign-in-link")).toBeVisible();
    // The session is gone on the server too: the portfolio asks to sign in again.
    await app.open("/");
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
    expect(app.errors()).toEqual([]);
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    const app = new AppPage(page);
    await app.open("/login");
    await app.waitForHydration();
    await page.getByLabel("Email").fill(VIEWER.email);
    await page.getByLabel("Password").fill("not the right one at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("the email or password is not right");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a viewer sees no admin link and is refused the admin pages", async ({ page }) => {
    await signIn(page, VIEWER);
    const app = new AppPage(page);
    await expect(app.nav().getByRole("link", { name: "Admin" })).toHaveCount(0);
    const response = await app.open("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  });

  test("an admin adds a user, and the page updates in place", async ({ page }) => {
    await signIn(page);
    const app = new AppPage(page);
    await app.open("/admin/users");
    await app.waitForHydration();
    await app.markDocument();
    const form = page.getByTestId("new-user-form");
    await form.getByLabel("Email").fill("liv@e2e.test");
    await form.getByLabel("Name").fill("Liv Live");
    await form.getByLabel("Password").fill("silver harbour window bell");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText("User created.")).toBeVisible();
    await expect(page.locator('[data-testid="user-row"][data-email="liv@e2e.test"]')).toContainText("Liv Live");
    await expect(page).toHaveURL(/\/admin\/users$/);
    expect(await app.documentIsStillMarked()).toBe(true);
    expect(app.errors()).toEqual([]);
  });

  test("an admin creates an API token and sees its secret once", async ({ page }) => {
    await signIn(page);
    const app = new AppPage(page);
    await app.open("/admin/tokens");
    await app.waitForHydration();
    await page.getByLabel("Name").fill("e2e pipeline");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token-secret")).toHaveText(/^plumb_[0-9a-f]{64}$/);
    const row = page.getByTestId("token-row").filter({ hasText: "e2e pipeline" });
    await expect(row).toContainText("active");

    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    // Reloading never shows the secret again.
    await page.reload();
    await expect(page.getByTestId("new-token-secret")).toHaveCount(0);
    await expect(page.getByTestId("token-row").filter({ hasText: "e2e pipeline" })).toContainText("revoked");
  });
});

test.describe("signing in without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the plain form signs in, and a failure shows on the form", async ({ page }) => {
    await page.goto("/login?next=%2Fboard");
    await page.getByLabel("Email").fill(VIEWER.email);
    await page.getByLabel("Password").fill("wrong wrong wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("the email or password is not right");

    await page.getByLabel("Email").fill(VIEWER.email);
    await page.getByLabel("Password").fill(VIEWER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/board$/);
    await expect(page.getByTestId("user-name")).toContainText(VIEWER.name);
  });
});
