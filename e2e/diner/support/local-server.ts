import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { openDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { processEnvSnapshot } from "@/lib/env";
import { createMigratedDatabase, dropDatabase } from "@/lib/testing/db";
import { startTestRedis, type TestRedis } from "@/lib/testing/redis";
import { E2E_AUTH_SECRET, e2eDatabaseName, e2eDatabaseUrl } from "../../support/env";
import { DINER_BASE_URL, DINER_DIST_DIR, DINER_PORT } from "./local-env";

/**
 * e2e/support/web-server.ts on another port and build folder, so the diner specs can run while
 * another engineer's e2e run holds port 3100 and `.next-e2e`. Same steps: a fresh migrated, seeded
 * database, a private Redis behind the REST bridge, `next start`; all stopped and dropped on exit.
 * CI runs the same specs through the main playwright.config.ts instead.
 */
const name = e2eDatabaseName();
const url = e2eDatabaseUrl();
let redis: TestRedis | undefined;
let next: ChildProcess | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (next && next.exitCode === null && next.signalCode === null) {
      const exited = new Promise((r) => next?.once("exit", r));
      next.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      next.kill("SIGKILL");
    }
    await redis?.stop().catch(() => {});
    await dropDatabase(name).catch((e: unknown) => console.error(`[e2e-diner] could not drop ${name}:`, e));
  }
  process.exit(code);
}

for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, () => void stop(0));

try {
  await createMigratedDatabase(name);
  const handle = openDb(url, { max: 2 });
  try {
    await seedDemo(handle.db);
  } finally {
    await handle.close();
  }
  const env: NodeJS.ProcessEnv = {
    ...processEnvSnapshot(),
    NODE_ENV: "production",
    DATABASE_URL: url,
    NEXT_DIST_DIR: DINER_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    TABLEKEEP_DEV_TOOLS: "1",
    AUTH_SECRET: E2E_AUTH_SECRET,
    APP_URL: DINER_BASE_URL,
    PORT: String(DINER_PORT),
    REDIS_KEY_PREFIX: `${name}:`,
    UPSTASH_DISABLE_TELEMETRY: "1",
    UPSTASH_REDIS_REST_URL: undefined,
    UPSTASH_REDIS_REST_TOKEN: undefined,
    REDIS_URL: undefined,
  };
  try {
    redis = await startTestRedis();
    env.UPSTASH_REDIS_REST_URL = redis.restUrl;
    env.UPSTASH_REDIS_REST_TOKEN = redis.token;
  } catch (e) {
    console.warn(`[e2e-diner] running without Redis: ${e instanceof Error ? e.message : String(e)}`);
  }
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  next = spawn(process.execPath, [nextBin, "start", "--port", String(DINER_PORT), "--hostname", "127.0.0.1"], { stdio: "inherit", env });
  next.once("exit", (code, signal) => {
    if (!stopping) console.error(`[e2e-diner] next start exited (${code ?? signal})`);
    void stop(code ?? 1);
  });
} catch (e) {
  console.error("[e2e-diner] could not prepare the web server:", e);
  await stop(1);
}
