import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./fixtures/accounts";
import { AppPage } from "./fixtures/app_page";

/** A small report with a score, a checklist and two gaps of known priority. */
function report(project: string): string {
  return [
    `# DevOps Audit: ${project}`,
    "",
    "Date: 2026-10-01",
    "",
    "## Overall DevOps Score: 64/100",
    "",
    "## Checklist",
    "- [x] CI runs on every pull request",
    "- [ ] Rollback plan documented",
    "",
    "## Gaps",
    "",
    "### Critical",
    "- No automated database backups",
    "",
    "### High",
    "- No staging environment",
    "",
  ].join("\n");
}

/** Pastes a report, previews it, saves it into a new project; ends on the snapshot page. */
async function uploadThroughThePage(page: Page, project: string, slug: string) {
  await page.goto("/upload");
  await page.getByLabel("Paste the report (Markdown)").fill(report(project));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page).toHaveURL(/\/upload\?draft=\d+$/);
  const preview = page.getByTestId("upload-preview");
  await expect(preview.getByTestId("preview-score")).toHaveText("64.0");
  await expect(preview.getByTestId("preview-gap-count")).toHaveText("2");
  await expect(preview.getByTestId("preview-gaps")).toContainText("No automated database backups");
  await expect(preview.getByTestId("preview-checklist")).toHaveText("1 done, 0 partial, 1 missing");

  const save = page.getByTestId("save-form");
  await expect(save.getByLabel("Project")).toHaveValue("new");
  await expect(save.getByLabel("Name", { exact: true })).toHaveValue(project);
  await save.getByRole("button", { name: "Save snapshot" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}/snapshots/\\d+$`));
  await expect(page.getByTestId("snapshot-headline")).toContainText("64.0");
}

test.describe("uploading through the page", () => {
  test("paste, preview, save into a new project, and find its gaps on the board", async ({ page }) => {
    await signIn(page);
    const app = new AppPage(page);
    await uploadThroughThePage(page, "Gadget Shop", "gadget-shop");
    await app.open("/board?project=gadget-shop");
    await expect(page.locator('[data-priority="critical"] [data-testid="board-card"]')).toContainText(
      "No automated database backups",
    );
    await expect(page.locator('[data-priority="high"] [data-testid="board-card"]')).toContainText("No staging environment");
    expect(app.errors()).toEqual([]);
  });

  test("a report with nothing usable is explained and kept for correcting", async ({ page }) => {
    await signIn(page);
    await page.goto("/upload");
    await page.getByLabel("Paste the report (Markdown)").fill("Shopping list\n\n- eggs\n- milk\n");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("upload-problem")).toContainText("nothing it can use");
    await expect(page.getByLabel("Paste the report (Markdown)")).toHaveValue(/- eggs/);
    await expect(page.getByTestId("save-form")).toHaveCount(0);
  });
});

test.describe("uploading without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same two steps work as plain forms", async ({ page }) => {
    await signIn(page);
    await uploadThroughThePage(page, "Widget Works", "widget-works");
  });
});
