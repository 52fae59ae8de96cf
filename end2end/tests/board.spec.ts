import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures/accounts";
import { AppPage } from "./fixtures/app_page";

/** A column of the board by priority. */
function column(page: Page, priority: string): Locator {
  return page.locator(`[data-testid="board-column"][data-priority="${priority}"]`);
}

/** The card of an item, wherever it is. */
function card(page: Page, itemId: string): Locator {
  return page.locator(`[data-testid="board-card"][data-item-id="${itemId}"]`);
}

/** Opens a card's "Change" form (it may be open already). */
async function openForm(item: Locator) {
  const details = item.locator("details.card-edit");
  if (!(await details.evaluate((node) => (node as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
  }
  await expect(item.getByLabel("Status")).toBeVisible();
}

/** The first card of a project's board and the column it is in. */
async function firstCard(page: Page): Promise<{ itemId: string; priority: string }> {
  const first = page.getByTestId("board-card").first();
  await expect(first).toBeVisible();
  const itemId = (await first.getAttribute("data-item-id")) ?? "";
  const priority = await first.evaluate((node) => node.closest("[data-priority]")?.getAttribute("data-priority") ?? "");
  return { itemId, priority };
}

test.describe("the gap board", () => {
  test("an editor assigns an item, changes its status and priority, and it all persists", async ({ page }) => {
    await signIn(page);
    const app = new AppPage(page);
    await app.open("/board?project=americano");
    await app.waitForHydration();
    await app.markDocument();
    const { itemId, priority } = await firstCard(page);
    const target = priority === "low" ? "critical" : "low";

    // The card's form: owner and status.
    const item = card(page, itemId);
    await openForm(item);
    await item.getByLabel("Owner").selectOption({ label: `${ADMIN.name} (${ADMIN.email})` });
    await item.getByLabel("Status").selectOption("in_progress");
    await item.getByRole("button", { name: "Save" }).click();
    await expect(card(page, itemId).locator('[data-field="owner"]')).toHaveText(ADMIN.name);
    await expect(card(page, itemId).locator('[data-field="status"]')).toHaveText("In progress");
    // Keyboard focus comes back to the card that was changed.
    await expect(card(page, itemId).locator(".card-title")).toBeFocused();

    // Accepting a risk without a reason is refused, with the reason said.
    await openForm(card(page, itemId));
    await card(page, itemId).getByLabel("Status").selectOption("accepted_risk");
    await card(page, itemId).getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("form-error")).toContainText("accepting a risk needs a reason");
    await expect(card(page, itemId).locator('[data-field="status"]')).toHaveText("In progress");

    // Priority: drag the card to another column.
    // Dropped on the column's heading: the middle of a long column can be off screen.
    await card(page, itemId).dragTo(column(page, target), { targetPosition: { x: 24, y: 16 } });
    await expect(column(page, target).locator(`[data-item-id="${itemId}"]`)).toBeVisible();
    await expect(column(page, priority).locator(`[data-item-id="${itemId}"]`)).toHaveCount(0);
    expect(await app.documentIsStillMarked()).toBe(true);

    await page.reload();
    const reloaded = column(page, target).locator(`[data-item-id="${itemId}"]`);
    await expect(reloaded).toBeVisible();
    await expect(reloaded.locator('[data-field="owner"]')).toHaveText(ADMIN.name);
    await expect(reloaded.locator('[data-field="status"]')).toHaveText("In progress");

    // The item's page has the history and takes a comment.
    await reloaded.locator(".card-title").click();
    await expect(page).toHaveURL(new RegExp(`/projects/americano/items/${itemId}$`));
    const history = page.getByTestId("item-history");
    await expect(history).toContainText(`Owner: unassigned → ${ADMIN.email}`);
    await expect(history).toContainText("Status: Open → In progress");
    await expect(history).toContainText(`Priority: ${priority} → ${target}`);
    await app.waitForHydration();
    await page.getByLabel("Add a comment").fill("Pairing on this Thursday.");
    await page.getByRole("button", { name: "Comment" }).click();
    await expect(page.getByTestId("comment")).toContainText("Pairing on this Thursday.");
    await expect(page.getByLabel("Add a comment")).toBeFocused();
    await expect(page.getByTestId("item-evidence").locator("a").first()).toHaveAttribute("href", /\/snapshots\/\d+/);
    // Unassigning from the item's form is a change too, kept in the history.
    await page.getByTestId("item-form").getByLabel("Owner").selectOption({ label: "Unassigned" });
    await page.getByTestId("item-form").getByRole("button", { name: "Save" }).click();
    await expect(history).toContainText(`Owner: ${ADMIN.email} → unassigned`);
    // The refused accepted-risk save is the one failed request the browser reports.
    expect(app.errors().filter((error) => !error.includes("422"))).toEqual([]);
  });

  test("filters keep their state in the URL", async ({ page }) => {
    await signIn(page);
    const app = new AppPage(page);
    await app.open("/board");
    await app.waitForHydration();
    const filters = page.getByTestId("board-filters");
    await filters.getByLabel("Project").selectOption("topsmile");
    await filters.getByLabel("Owner").selectOption("unassigned");
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/project=topsmile/);
    await expect(page).toHaveURL(/owner=unassigned/);
    await expect(page.locator(".card-project").first()).toBeVisible();
    for (const name of await page.locator(".card-project").allTextContents()) expect(name).toBe("TopSmile");
    await page.reload();
    await expect(page.getByTestId("board-filters").getByLabel("Project")).toHaveValue("topsmile");
  });
});

test.describe("the gap board without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the card's form changes an item with a plain post", async ({ page }) => {
    await signIn(page);
    await page.goto("/board?project=topsmile");
    const { itemId } = await firstCard(page);
    const item = card(page, itemId);
    await openForm(item);
    await item.getByLabel("Due date").fill("2031-03-14");
    await item.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/board\?project=topsmile$/);
    await expect(card(page, itemId)).toContainText("Due 2031-03-14");

    // Assign someone, then take both back: an emptied field clears, it is not ignored.
    await openForm(card(page, itemId));
    await card(page, itemId).getByLabel("Owner").selectOption({ label: `${ADMIN.name} (${ADMIN.email})` });
    await card(page, itemId).getByRole("button", { name: "Save" }).click();
    await expect(card(page, itemId).locator('[data-field="owner"]')).toHaveText(ADMIN.name);
    await openForm(card(page, itemId));
    await card(page, itemId).getByLabel("Owner").selectOption({ label: "Unassigned" });
    await card(page, itemId).getByLabel("Due date").fill("");
    await card(page, itemId).getByRole("button", { name: "Save" }).click();
    await expect(card(page, itemId).locator('[data-field="owner"]')).toHaveText("Unassigned");
    await expect(card(page, itemId)).not.toContainText("2031-03-14");
  });
});
