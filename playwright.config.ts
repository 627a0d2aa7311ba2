import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL, E2E_DIST_DIR, e2eDatabaseName } from "./e2e/support/env";

// Runs once in the main process; workers and the web server inherit the name through the environment.
const database = e2eDatabaseName();

/**
 * Browser tests against `next start` (the build in .next-e2e, made by `npm test` or
 * `NEXT_DIST_DIR=.next-e2e npx next build`) on a database created for this run and dropped after.
 * Debian's Chromium, never a downloaded browser.
 */
export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command: "node_modules/.bin/tsx e2e/support/web-server.ts",
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: { TK_E2E_DB: database, NEXT_DIST_DIR: E2E_DIST_DIR },
  },
});
