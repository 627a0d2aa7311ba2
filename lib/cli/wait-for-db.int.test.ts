import { createServer } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { databaseUrl } from "@/lib/testing/db";
import { freePort } from "@/lib/testing/redis";
import { DatabaseUnreachable, redactUrl, waitForDatabase } from "./wait-for-db";

describe("waiting for the database at start-up", () => {
  it("returns at once when the database answers", async () => {
    await expect(waitForDatabase(databaseUrl(inject("templateDb")), { timeoutMs: 2000 })).resolves.toBeUndefined();
  });

  it("retries a refused port with backoff, then names the cause, host:port, database and a redacted URL", async () => {
    const port = await freePort();
    const url = `postgres://app:s3cret@127.0.0.1:${port}/tablekeep`;
    const lines: string[] = [];
    const started = Date.now();
    const error = await waitForDatabase(url, { timeoutMs: 1500, log: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachable);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('"tablekeep"');
    expect(message).toContain("ECONNREFUSED");
    expect(message).toContain(`postgres://app:***@127.0.0.1:${port}/tablekeep`);
    expect(message).not.toContain("s3cret");
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(lines.join("\n")).toContain("waiting for the database");
  });

  it("comes up when the server starts while it waits", async () => {
    const port = await freePort();
    const target = new URL(databaseUrl(inject("templateDb")));
    const url = `postgres://${target.username}@127.0.0.1:${port}${target.pathname}`;
    // A TCP forwarder that appears after a second stands in for a server that is still starting.
    const { connect } = await import("node:net");
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
    const later = setTimeout(() => proxy.listen(port, "127.0.0.1"), 1000);
    try {
      await expect(waitForDatabase(url, { timeoutMs: 10_000 })).resolves.toBeUndefined();
    } finally {
      clearTimeout(later);
      await new Promise((r) => proxy.close(r));
    }
  });

  it("ends at once on a definite answer: a database that does not exist", async () => {
    const url = databaseUrl("tk_no_such_database");
    const started = Date.now();
    const error = await waitForDatabase(url, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect((error as DatabaseUnreachable).code).toBe("3D000");
    expect((error as Error).message).toContain("does not exist");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("hides the password in any URL", () => {
    expect(redactUrl("postgres://u:p%40ss@h:5432/d")).toBe("postgres://u:***@h:5432/d");
    expect(redactUrl("postgres://h/d")).toBe("postgres://h/d");
  });
});
