import { spawn, type ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { openDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { serveArgs } from "@/lib/cli/serve";
import { processEnvSnapshot } from "@/lib/env";
import { createMigratedDatabase, dropDatabase } from "@/lib/testing/db";
import { startFakeStripe, type FakeStripe } from "@/lib/payments/testing/fake-stripe";
import { startTestRedis, type TestRedis } from "@/lib/testing/redis";
import { stopProcess } from "@/lib/testing/process";
import { E2E_AUTH_SECRET, E2E_DIST_DIR, E2E_PORT, e2eDatabaseName, e2eDatabaseUrl, e2eStripeUrlFile } from "./env";

/**
 * Playwright's webServer command. Playwright starts web servers before globalSetup, and the server is
 * only "ready" once /api/health finds its database, so the database is made here: created, migrated
 * and seeded under the run's name, then `next start` serves the e2e build against it, with a private
 * redis-server it reaches over REDIS_URL. Stopping this process stops Next and Redis and drops the
 * database (globalTeardown drops it too, in case this process is killed outright).
 */
const name = e2eDatabaseName();
const url = e2eDatabaseUrl();
let redis: TestRedis | undefined;
let stripe: FakeStripe | undefined;
let next: ChildProcess | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stopProcess(next);
    await redis?.stop().catch(() => {});
    await stripe?.stop().catch(() => {});
    rmSync(e2eStripeUrlFile(), { force: true });
    await dropDatabase(name).catch((e: unknown) => console.error(`[e2e] could not drop ${name}:`, e));
  }
  process.exit(code);
}

for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, () => void stop(0));

try {
  await createMigratedDatabase(name);
  const handle = openDb(url, { max: 2 });
  try {
    await seedDemo(handle.db);
    // Every browser in the run holds tables anonymously at the same few demo restaurants, many at
    // once; the anonymous hold share has its own integration tests.
    await handle.sql`update restaurants set anonymous_hold_share_pct = 100`;
  } finally {
    await handle.close();
  }

  const env: NodeJS.ProcessEnv = {
    ...processEnvSnapshot(),
    NODE_ENV: "production",
    DATABASE_URL: url,
    NEXT_DIST_DIR: E2E_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    TABLEKEEP_DEV_TOOLS: "1",
    AUTH_SECRET: E2E_AUTH_SECRET,
    APP_URL: `http://127.0.0.1:${E2E_PORT}`,
    PORT: String(E2E_PORT),
    REDIS_KEY_PREFIX: `${name}:`,
    // Every browser in the run comes from this one machine: lift the per-address limits (the
    // integration tests prove them).
    AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    HOLD_RATE_LIMIT_PER_MINUTE: "1000",
    HOLD_LIMIT_PER_HOLDER: "50",
    // The tests stand in for a proxy in front of the app: each browser context sends the address
    // that proxy would have appended, so limits keyed by address see one client per context.
    TRUSTED_PROXY_HOPS: "1",
    UPSTASH_DISABLE_TELEMETRY: "1",
    // The browser tests press "Run the sweeper now" and look at what it did; the minute-by-minute
    // scheduler is proven by the integration tests.
    JOBS_SCHEDULER: "0",
    // The run's own Redis (or none): never a developer's.
    UPSTASH_REDIS_REST_URL: undefined,
    UPSTASH_REDIS_REST_TOKEN: undefined,
    REDIS_URL: undefined,
  };
  // Stripe is a local server speaking its API (the development checkout is refused in production, as
  // this server runs): its hosted checkout page pays or declines, and delivers the signed webhook.
  const webhookSecret = `whsec_e2e_${name}`;
  stripe = await startFakeStripe({ webhookSecret, deliverTo: `http://127.0.0.1:${E2E_PORT}/api/webhooks/stripe` });
  env.STRIPE_SECRET_KEY = "sk_test_e2e";
  env.STRIPE_WEBHOOK_SECRET = webhookSecret;
  env.STRIPE_API_BASE = stripe.url;
  writeFileSync(e2eStripeUrlFile(), stripe.url);
  console.log(`[e2e] Stripe stand-in at ${stripe.url}`);
  try {
    redis = await startTestRedis();
    // As `npm start` runs with REDIS_URL: the app connects to Redis itself.
    env.REDIS_URL = redis.redisUrl;
    console.log(`[e2e] private Redis at ${redis.redisUrl}`);
  } catch (e) {
    console.warn(`[e2e] running without Redis (in-process locks): ${e instanceof Error ? e.message : String(e)}`);
  }

  next = spawn(process.execPath, serveArgs(E2E_PORT, "127.0.0.1"), {
    stdio: "inherit",
    env,
  });
  next.once("exit", (code, signal) => {
    if (!stopping) console.error(`[e2e] next start exited (${code ?? signal})`);
    void stop(code ?? 1);
  });
} catch (e) {
  console.error("[e2e] could not prepare the web server:", e);
  await stop(1);
}
