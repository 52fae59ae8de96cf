import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// The suite runs against a real `plumb serve`: its own private PostgreSQL in a fresh data
// directory (or DATABASE_URL when given), the real server binary and the real browser bundle.
// Build both first with `scripts/build` (scripts/test does).
const port = Number(process.env.PLUMB_E2E_PORT ?? 3917);
const baseURL = `http://127.0.0.1:${port}`;
const root = resolve(__dirname, "..");
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, "target");
const plumb = process.env.PLUMB_BIN ?? join(targetDir, "debug", "plumb");
const dataDir = process.env.PLUMB_E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "plumb-e2e-"));

// The people the tests sign in as (see tests/fixtures/accounts.ts), created with the same
// `plumb user create` an operator would script, and the sample projects (`plumb demo`), before
// the server starts.
import { ACCOUNTS } from "./tests/fixtures/accounts";
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const createAccounts = ACCOUNTS.map(
  (account) =>
    `printf '%s\\n' ${quote(account.password)} | "${plumb}" --data-dir "${dataDir}" user create ` +
    `--email ${quote(account.email)} --name ${quote(account.name)} --role ${account.role} --password-stdin`,
).join(" && ");

// Debian's Chromium: Playwright's own browser download is not possible on every machine.
// The flags keep it from phoning home, which a closed network answers with a storm of errors.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "on-first-retry",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: chromiumArgs,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `${createAccounts} && "${plumb}" --data-dir "${dataDir}" demo && exec "${plumb}" serve --listen 127.0.0.1:${port} --data-dir "${dataDir}"`,
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      LEPTOS_SITE_ROOT: join(targetDir, "site"),
      LEPTOS_SITE_PKG_DIR: "pkg",
      LEPTOS_OUTPUT_NAME: "plumb",
      RUST_LOG: process.env.RUST_LOG ?? "warn",
    },
    // SIGTERM lets plumb finish requests and stop its private PostgreSQL cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
