// Captures the README's screenshots (run by scripts/screenshots, which starts the server).
import { chromium } from "playwright-core";

const [outDir] = process.argv.slice(2);
const base = process.env.PLUMB_URL;
const shots = [
  { name: "portfolio", path: "/?sort=score&dir=desc" },
  { name: "scorecard", path: "/projects/americano" },
  { name: "board", path: "/board" },
  // Reached by clicking through: their ids depend on the data.
  { name: "snapshot", path: "/projects/americano", open: '[data-testid="history-row"] a' },
  { name: "item", path: "/board?project=americano", open: '[data-testid="board-card"] .card-title' },
  { name: "upload", path: "/upload" },
  { name: "admin-users", path: "/admin/users" },
  { name: "audit-log", path: "/admin/audit" },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
for (const scheme of ["light", "dark"]) {
  for (const device of [{ label: "desktop", width: 1280, height: 900 }, { label: "phone", width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport: device, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(process.env.PLUMB_EMAIL);
    await page.getByLabel("Password").fill(process.env.PLUMB_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("user-name").waitFor();
    for (const shot of shots) {
      // Phones and dark mode: the portfolio, the scorecard and the board show the layout.
      if ((device.label === "phone" || scheme === "dark") && !["portfolio", "scorecard", "board"].includes(shot.name)) continue;
      await page.goto(`${base}${shot.path}`);
      await page.locator(".nav-menu.interactive").waitFor();
      if (shot.open) {
        await page.locator(shot.open).first().click();
        await page.waitForURL((url) => url.pathname !== new URL(`${base}${shot.path}`).pathname);
        await page.locator("main h1").first().waitFor();
      }
      const file = `${outDir}/${shot.name}-${device.label}-${scheme}.png`;
      await page.screenshot({ path: file, fullPage: shot.name === "portfolio" && device.label === "desktop" });
      console.log(file);
    }
    await context.close();
  }
}
await browser.close();
