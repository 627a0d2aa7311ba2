import { inject } from "vitest";
import { setDb } from "@/db/client";
import { TEST_AUTH_SECRET } from "@/lib/api/testing";
import { setProcessEnv } from "@/lib/env";
import { createMemoryKv, setKv, type Kv } from "@/lib/redis";
import { createTestDb, type TestDb } from "./db";

/**
 * What an integration test file runs the app on: its own database cloned from the run's template,
 * made the app's database (`getDb()`, for routes and actions), a key-value store, and the env it
 * needs over the test Auth.js secret. Open it in `beforeAll`, close it in `afterAll`:
 *
 *   beforeAll(async () => { t = await openTestApp(); });
 *   afterAll(() => closeTestApp(t));
 */
export interface TestAppOptions {
  /** Env for this file, set over `AUTH_SECRET` (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** The store `getKv()` returns: a fresh in-memory one unless one is given; false leaves it alone. */
  kv?: Kv | false;
  /** Whether the database becomes the app's; false for tests that pass it to services only. */
  appDb?: boolean;
  /** The pool size (race tests want more connections than the default). */
  max?: number;
}

export async function openTestApp(options: TestAppOptions = {}): Promise<TestDb> {
  setProcessEnv({ AUTH_SECRET: TEST_AUTH_SECRET, ...options.env });
  if (options.kv !== false) setKv(options.kv ?? createMemoryKv());
  const t = await createTestDb(inject("templateDb"), options.max === undefined ? {} : { max: options.max });
  if (options.appDb !== false) setDb(t.db);
  return t;
}

/** Undoes `openTestApp`: the app has no database or store, and the file's database is dropped. */
export async function closeTestApp(t: TestDb | undefined): Promise<void> {
  setDb(null);
  setKv(null);
  await t?.destroy();
}
