import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./fixtures/accounts";
import { AppPage } from "./fixtures/app_page";

/** The slugs of the portfolio rows, top to bottom. */
async function slugs(page: Page): Promise<string[]> {
  return page.getByTestId("portfolio-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-slug") ?? ""));
}

/** The scores in the score column, top to bottom. */
async function scores(page: Page): Promise<number[]> {
  const texts = await page.locator('[data-testid="portfolio-row"] [data-column="score"]').allTextContents();
  return texts.map((text) => Number(text));
}

test.describe("the portfolio", () => {
  test.beforeEach(async ({ page }) => signIn(page));

  test("sorts by a column without a page load and keeps the order in the URL", async ({ page }) => {
    const app = new AppPage(page);
    await app.open("/");
    await app.waitForHydration();
    await app.markDocument();
    await expect(page.getByTestId("portfolio-row")).toHaveCount(5);

    await page.getByRole("link", { name: "Score" }).click();
    await expect(page).toHaveURL(/\?sort=score&dir=desc$/);
    await expect(page.locator('th[aria-sort="descending"]')).toContainText("Score");
    await expect.poll(async () => (await scores(page)).length).toBe(5);
    const descending = await scores(page);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));

    await page.getByRole("link", { name: /Score/ }).click();
    await expect(page).toHaveURL(/\?sort=score$/);
    // The rows are re-rendered once the new order has loaded: wait for it, then read them.
    await expect(page.locator('th[aria-sort="ascending"]')).toContainText("Score");
    const ascending = [...descending].reverse();
    await expect.poll(() => scores(page)).toEqual(ascending);
    expect(await app.documentIsStillMarked()).toBe(true);
    expect(app.errors()).toEqual([]);

    // Back shows the previous order again, still without a page load.
    await page.goBack();
    await expect(page).toHaveURL(/\?sort=score&dir=desc$/);
    await expect(page.locator('th[aria-sort="descending"]')).toContainText("Score");
    await expect.poll(() => scores(page)).toEqual(descending);
    expect(await app.documentIsStillMarked()).toBe(true);
    await page.goForward();
    await expect(page.locator('th[aria-sort="ascending"]')).toContainText("Score");

    // The URL is the view: opening it elsewhere shows the same order.
    await page.reload();
    expect(await scores(page)).toEqual(ascending);
  });

  test("filters by verdict and search, and says when nothing matches", async ({ page }) => {
    const app = new AppPage(page);
    await app.open("/");
    await app.waitForHydration();
    await app.markDocument();
    await page.getByLabel("Verdict").selectOption("not_ready");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/verdict=not_ready/);
    expect(await app.documentIsStillMarked()).toBe(true);
    // The headline counts the filtered view once it has loaded; read the rows after that.
    await expect(page.getByTestId("portfolio-stats")).toContainText(" of 5");
    const kept = page.locator('[data-testid="portfolio-row"] [data-column="verdict"]');
    await expect(kept.first()).toBeVisible();
    for (const text of await kept.allTextContents()) expect(text).toBe("Not ready");
    await expect(page.getByTestId("portfolio-stats")).toContainText(`${await kept.count()} of 5`);

    await page.goto("/?q=topsmile");
    expect(await slugs(page)).toEqual(["topsmile"]);
    await page.goto("/?q=nothing-like-this");
    await expect(page.getByTestId("portfolio-no-match")).toBeVisible();
    await page.getByRole("link", { name: "Show every project" }).click();
    await expect(page.getByTestId("portfolio-row")).toHaveCount(5);
  });

  test("shows the trend chart with a text alternative and the figures", async ({ page }) => {
    await new AppPage(page).open("/");
    const figure = page.getByTestId("portfolio-trend");
    await expect(figure.locator("svg.chart")).toBeVisible();
    await expect(figure.locator("figcaption")).toContainText("Average score");
    await expect(page.getByTestId("projects-by-level")).toContainText("Level 1");
    await expect(page.getByTestId("open-by-priority")).toContainText("Critical");
  });
});

test.describe("a project's scorecard", () => {
  test.beforeEach(async ({ page }) => signIn(page));

  test("opens from the portfolio with its chart, categories, checklist and history", async ({ page }) => {
    const app = new AppPage(page);
    await app.open("/");
    await app.waitForHydration();
    await page.getByRole("link", { name: "Americano" }).click();
    await expect(page).toHaveURL(/\/projects\/americano$/);
    await expect(page.getByRole("heading", { level: 1, name: "Americano" })).toBeVisible();
    await expect(page.getByTestId("scorecard-trend").locator("svg.chart")).toBeVisible();
    await expect(page.getByTestId("scorecard-trend").locator("figcaption")).toContainText("Overall score from");
    await expect(page.getByTestId("category-table").locator("tbody tr")).not.toHaveCount(0);
    await expect(page.getByTestId("checklist")).toContainText("missing");
    await expect(page.getByTestId("history-row")).toHaveCount(4);

    // The latest snapshot, compared with the one before it.
    await page.getByTestId("history-row").first().getByRole("link").click();
    await expect(page).toHaveURL(/\/projects\/americano\/snapshots\/\d+$/);
    await expect(page.getByTestId("snapshot-diff")).toContainText("What changed");
    await expect(page.getByTestId("resolved-gaps")).toContainText("Resolved gaps (1)");
    await expect(page.getByTestId("source-report").locator(".line-anchor").first()).toHaveAttribute("id", "L1");
    expect(app.errors()).toEqual([]);
  });
});

test.describe("the portfolio without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test.beforeEach(async ({ page }) => signIn(page));

  test("the filter form still filters", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Search").fill("topsmile");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/q=topsmile/);
    expect(await slugs(page)).toEqual(["topsmile"]);
  });
});
