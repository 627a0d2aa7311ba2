import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { adminUrl } from "@/lib/testing/db";

/**
 * postgres.js 3.4.9 schedules small writes on a timer; when the socket of a reserved connection (a
 * transaction's) has closed in between, the timer dereferenced the closed socket and threw where no
 * caller could catch it, taking the process down. `patches/postgres+3.4.9.patch` (applied by
 * patch-package on install) settles the waiting query with CONNECTION_CLOSED instead.
 */
describe("postgres.js on a reserved connection whose backend died", () => {
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  afterEach(() => {
    process.off("uncaughtException", onUncaught);
  });

  it("rejects the next query with a connection error and throws nothing uncaught", async () => {
    process.on("uncaughtException", onUncaught);
    const sql = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    try {
      const reserved = await sql.reserve();
      const pid = (await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]?.pid;
      expect(pid).toEqual(expect.any(Number));
      const closed = (await admin<{ closed: boolean }[]>`select pg_terminate_backend(${pid ?? 0}) as closed`)[0]?.closed;
      expect(closed).toBe(true);
      // Wait until the server has really let the backend go, so the socket is closed, not closing.
      await expect.poll(async () => (await admin`select 1 from pg_stat_activity where pid = ${pid ?? 0}`).length).toBe(0);
      await new Promise((r) => setImmediate(r));

      const outcome = await Promise.race([
        reserved`select 1`.then(
          () => "answered",
          (e: { code?: string }) => e.code,
        ),
        new Promise((r) => setTimeout(() => r("never settled"), 5000)),
      ]);
      // Let any timer the driver scheduled run before looking for stray exceptions.
      await new Promise((r) => setTimeout(r, 50));
      // Which connection error depends on how the close arrived (a clean close or a reset); what matters
      // is that the query settles with one, instead of hanging or crashing the process.
      expect(outcome).toMatch(/^(CONNECTION_CLOSED|CONNECTION_DESTROYED|ECONNRESET|EPIPE)$/);
      expect(uncaught).toEqual([]);
      reserved.release();
    } finally {
      await sql.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });
});
