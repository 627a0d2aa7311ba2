import { tmpdir } from "node:os";
import { join } from "node:path";
import { processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { databaseUrl, uniqueName } from "@/lib/testing/db";

const overrides = processEnvSnapshot();
/**
 * Where the browser tests' server listens, away from `npm run dev` (3000). `E2E_PORT` and
 * `E2E_DIST_DIR` let a second run go on beside another (build into that folder first).
 */
export const E2E_PORT = Number(overrides.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The production build the browser tests run against, apart from a developer's `.next`. */
export const E2E_DIST_DIR = overrides.E2E_DIST_DIR ?? ".next-e2e";
export const E2E_AUTH_SECRET = "e2e-only-auth-secret-0123456789abcdefghijklmnop";

/**
 * The run's database name. The config sets it once in the main process; the web server and the test
 * workers inherit it through the environment, so everything in one run talks to one database.
 */
export function e2eDatabaseName(): string {
  let name = processEnvSnapshot().TK_E2E_DB;
  if (!name) {
    name = uniqueName("tk_e2e");
    setProcessEnv({ TK_E2E_DB: name });
  }
  return name;
}

export function e2eDatabaseUrl(): string {
  return databaseUrl(e2eDatabaseName());
}

/**
 * Where the web server leaves the address of the run's Stripe stand-in, so tests can read its record
 * of PaymentIntents (the server runs in the web server's process, not the tests').
 */
export function e2eStripeUrlFile(): string {
  return join(tmpdir(), `${e2eDatabaseName()}-stripe-url`);
}
