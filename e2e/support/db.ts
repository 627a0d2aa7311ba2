import { openDb, type DbHandle } from "@/db/client";
import { e2eDatabaseUrl } from "./env";

let handle: DbHandle | undefined;

/**
 * The run's database, for specs that insert their own data or check what a journey wrote. One small
 * pool per worker; call `closeE2eDb()` in an afterAll if a spec file opens it.
 */
export function e2eDb(): DbHandle {
  handle ??= openDb(e2eDatabaseUrl(), { max: 3 });
  return handle;
}

export async function closeE2eDb(): Promise<void> {
  const h = handle;
  handle = undefined;
  await h?.close();
}
