import { dropDatabase } from "@/lib/testing/db";
import { e2eDatabaseName } from "./env";

/** Drops the run's database even if the web server was killed before it could. */
export default async function globalTeardown(): Promise<void> {
  await dropDatabase(e2eDatabaseName());
}
