import { defineConfig } from "@playwright/test";
import base from "../../playwright.config";
import { e2eDatabaseName } from "../support/env";
import { DINER_BASE_URL, DINER_DIST_DIR } from "./support/local-env";

const database = e2eDatabaseName();

/**
 * The diner specs alone, against their own `next start` on port 3200 built into `.next-diner`
 * (`NEXT_DIST_DIR=.next-diner npx next build`), for running beside other engineers' e2e runs:
 *   npx playwright test -c e2e/diner/playwright.local.config.ts
 * CI runs the same specs through the main playwright.config.ts.
 */
export default defineConfig({
  ...base,
  testDir: ".",
  outputDir: "../../test-results/e2e-diner",
  globalTeardown: "../support/global-teardown.ts",
  use: { ...base.use, baseURL: DINER_BASE_URL },
  webServer: {
    command: "node_modules/.bin/tsx e2e/diner/support/local-server.ts",
    cwd: "../..",
    url: `${DINER_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: { TK_E2E_DB: database, NEXT_DIST_DIR: DINER_DIST_DIR },
  },
});
