import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrateDatabase } from "@/db/migrate";
import { openDb, type DbHandle } from "@/db/client";
import { getEnv } from "@/lib/env";

/** Tests never touch a developer's data: every run creates its own databases and drops them after. */
export function adminUrl(): string {
  return getEnv().TEST_DATABASE_ADMIN_URL;
}

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await fn(sql);
  } catch (e) {
    if (e instanceof Error && /ECONNREFUSED|connect/i.test(e.message)) {
      throw new Error(
        `Tests need PostgreSQL at ${adminUrl()} (set TEST_DATABASE_ADMIN_URL). Start it with: ` +
          "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
      );
    }
    throw e;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

/** Creates an empty database, applies the migrations, and returns its name. */
export async function createMigratedDatabase(name = uniqueName("tk_test")): Promise<string> {
  await withAdmin((sql) => sql.unsafe(`CREATE DATABASE "${name}"`));
  await migrateDatabase(databaseUrl(name));
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export interface TestDb extends DbHandle {
  name: string;
  url: string;
  /** Closes the pool and drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh database for one test file, cloned from the run's migrated template (fast), or migrated
 * from scratch when no template was provided.
 */
export async function createTestDb(template?: string, options: { max?: number } = {}): Promise<TestDb> {
  const name = uniqueName("tk_t");
  if (template) {
    await withAdmin((sql) => sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  } else {
    await createMigratedDatabase(name);
  }
  const url = databaseUrl(name);
  const handle = openDb(url, { max: options.max ?? 20 });
  return {
    ...handle,
    name,
    url,
    destroy: async () => {
      await handle.close();
      await dropDatabase(name);
    },
  };
}
