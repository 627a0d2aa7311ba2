import { createRequire } from "node:module";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { DateTime } from "luxon";
import { openDb } from "@/db/client";
import { processEnvSnapshot } from "@/lib/env";
import { createMigratedDatabase, databaseUrl, dropDatabase, uniqueName } from "@/lib/testing/db";
import { createExperience } from "@/lib/experiences";
import { createUpstashKv } from "@/lib/redis";
import { createTcpRequester } from "@/lib/redis/direct";
import { connectTcpRedis } from "@/lib/redis/tcp";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { freePort, startRedisServer, waitFor, type RedisServer } from "@/lib/testing/redis";
import { stopProcess } from "@/lib/testing/process";
import { serveArgs } from "@/lib/cli/serve";

/**
 * `npm run bench`: builds the app, serves it with `next start` on a fresh database and a private
 * Redis, and measures at one concurrency, in the same run:
 *   - requests/s of a trivial route handler (the framework's ceiling here) and holds/s, whose ratio
 *     is the figure that matters (the hold path's cost relative to doing nothing);
 *   - p50/p99 latency of holds, and of availability cached and uncached;
 *   - a hot drop: hundreds of clients racing for 20 tables at one seating (retrying on 423 as the
 *     API asks), then the number of overlapping blocking reservations, which must be 0.
 *   - search pages (text, and date + time + party) server-rendered over 1,000 published restaurants;
 *   - a sold-out drop: hundreds of clients at once for the 40 seats of one experience section (two
 *     seats each), then the section hammered while sold out; seats counted in Postgres afterwards
 *     must be exactly the capacity (none oversold, none hidden);
 *   - from the Server-Timing header, where a hold's and an availability answer's time goes.
 * The app runs as `npm start` runs it with REDIS_URL: it talks to a private redis-server over TCP from
 * its own process, with no REST bridge (the Upstash variables are cleared). The Redis CPU printed is
 * redis-server's alone.
 * Options: --concurrency N (default 32), --requests N (default 2000), --racers N (default 400),
 * --search-restaurants N (default 1000), --drop-clients N (default 500), --port N (default any free
 * port), --only holds,availability,search,hot-drop,sold-out (some of the measurements; the trivial
 * route always runs), --cpu-prof DIR (the server writes a V8 CPU profile there when it stops),
 * --no-build (reuse the build), --dist DIR (the build's directory, default .next-bench: keep an
 * earlier build under another name to measure it and the current one back to back with --no-build).
 * A request that gets no answer (reset, refused) counts under status 0.
 */
const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CONCURRENCY = opt("concurrency", 32);
const REQUESTS = opt("requests", 2000);
const RACERS = opt("racers", 400);
const BUILD = !args.includes("--no-build");
const distArg = args.indexOf("--dist") >= 0 ? args[args.indexOf("--dist") + 1] : undefined;
const DIST = distArg ?? ".next-bench";
const SEARCH_RESTAURANTS = opt("search-restaurants", 1000);
const DROP_CLIENTS = opt("drop-clients", 500);
const PORT = opt("port", 0);
const PHASES = ["holds", "availability", "search", "hot-drop", "sold-out"] as const;
const onlyArg = args.indexOf("--only") >= 0 ? args[args.indexOf("--only") + 1] : undefined;
/** The measurements to run besides the trivial route (all by default). */
const ONLY = onlyArg ? new Set(onlyArg.split(",").map((s) => s.trim())) : null;
for (const name of ONLY ?? []) {
  if (!(PHASES as readonly string[]).includes(name)) throw new Error(`--only: unknown measurement "${name}" (${PHASES.join(", ")})`);
}
const wanted = (phase: (typeof PHASES)[number]) => !ONLY || ONLY.has(phase);
const cpuProfArg = args.indexOf("--cpu-prof") >= 0 ? args[args.indexOf("--cpu-prof") + 1] : undefined;
/** The sold-out drop's section, and the seats each client asks for. */
const DROP_SEATS = 40;
const DROP_PARTY = 2;

const ROOT = process.cwd();

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: "inherit", env, cwd: ROOT });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(" ")} exited ${code}`))));
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface LoadResult {
  elapsedMs: number;
  latencies: number[];
  statuses: Map<number, number>;
  /** The Server-Timing header of each successful (2xx) answer, or of those `keepTiming` chose. */
  timings: string[];
}

/** Runs `total` requests with `concurrency` in flight; `make(i)` builds each request. */
async function load(
  base: string,
  total: number,
  concurrency: number,
  make: (i: number) => { path: string; init?: RequestInit },
  keepTiming: (status: number) => boolean = (status) => status >= 200 && status < 300,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const timings: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const { path, init } = make(i);
        const t0 = performance.now();
        let status = 0;
        try {
          const res = await fetch(base + path, init);
          await res.arrayBuffer();
          status = res.status;
          const timing = res.headers.get("server-timing");
          if (timing && keepTiming(res.status)) timings.push(timing);
        } catch {
          // No answer at all (an overloaded server resetting connections): counted, not fatal.
        }
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { elapsedMs: performance.now() - started, latencies, statuses, timings };
}

/**
 * Per phase of the Server-Timing headers (db, redis, compute, total): median milliseconds and, where
 * the header counts them, median round trips, e.g. `db 4.1 ms (5 calls) · redis 2.0 ms (3 calls) · …`.
 */
function phaseBreakdown(headers: string[]): string {
  const phases = new Map<string, { ms: number[]; calls: number[] }>();
  for (const header of headers) {
    for (const part of header.split(",")) {
      const [name, ...params] = part.trim().split(";");
      if (!name) continue;
      const entry = phases.get(name) ?? { ms: [], calls: [] };
      phases.set(name, entry);
      for (const param of params) {
        const [k, v] = param.split("=");
        if (k === "dur") entry.ms.push(Number(v));
        if (k === "desc") entry.calls.push(Number.parseInt(String(v).replace(/"/g, ""), 10));
      }
    }
  }
  if (phases.size === 0) return "(no Server-Timing headers)";
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  return [...phases.entries()]
    .map(([name, e]) => `${name} ${fmt(median(e.ms))} ms${e.calls.length ? ` (${fmt(median(e.calls), 0)} calls)` : ""}`)
    .join(" · ");
}

/**
 * CPU seconds a process has used (user + system), from /proc (Linux; 0 elsewhere or once it is gone).
 * Throughput on a shared machine swings with everything else running; the CPU a request costs the
 * app and the database barely does, so the bench prints both.
 */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

interface CpuSnapshot {
  app: number;
  db: Map<number, number>;
  /** redis-server (the app's own Redis client is part of `app`). */
  redis: number;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const statusLine = (m: Map<number, number>) => [...m.entries()].sort().map(([s, n]) => `${s}×${n}`).join(" ");
const ip = () => `10.${randomBytes(3).join(".")}`;

/** `n` published restaurants in five cuisines and cities, each with six tables and a dinner session: one statement each. */
async function seedSearchRestaurants(sql: ReturnType<typeof openDb>["sql"], n: number): Promise<void> {
  await sql`
    insert into restaurants (slug, name, timezone, published, cuisine, city, anonymous_hold_share_pct, booking_window_days)
    select 'bench-' || g,
           (array['Trattoria', 'Bistro', 'Izakaya', 'Taverna', 'Brasserie'])[1 + g % 5] || ' ' || g,
           (array['Europe/London', 'Europe/Paris', 'Asia/Tokyo', 'Europe/Athens', 'America/New_York'])[1 + g % 5],
           true,
           (array['Italian', 'French', 'Japanese', 'Greek', 'American'])[1 + g % 5],
           (array['London', 'Paris', 'Tokyo', 'Athens', 'New York'])[1 + g % 5],
           100, 90
    from generate_series(1, ${n}) g`;
  await sql`
    insert into dining_tables (restaurant_id, label, min_seats, max_seats)
    select r.id, 'T' || t, 1, (array[2, 4, 6])[1 + t % 3]
    from restaurants r cross join generate_series(1, 6) t where r.slug like 'bench-%'`;
  await sql`
    insert into service_sessions (restaurant_id, name, days, first_seating, last_seating, interval_minutes, turn_minutes)
    select r.id, 'Dinner', '{1,2,3,4,5,6,7}', '17:00', '22:00', 30, '90'::jsonb
    from restaurants r where r.slug like 'bench-%'`;
}

async function main() {
  const env0 = processEnvSnapshot();
  if (BUILD) {
    console.log(`[bench] building into ${DIST} …`);
    await run(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "build"], { ...env0, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" });
  }
  const dbName = await createMigratedDatabase(uniqueName("tk_bench"));
  const url = databaseUrl(dbName);
  let redis: RedisServer | undefined;
  let server: ChildProcess | undefined;
  const handle = openDb(url, { max: 4 });
  try {
    // Ten restaurants for spread-out holds, one for the hot drop.
    const zones = ["Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland"];
    const spread: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await insertRestaurant(handle.db, { timezone: zones[i % zones.length]!, bookingWindowDays: 90 });
      for (let t = 0; t < 12; t++) await insertTable(handle.db, r.id, { label: `T${t + 1}`, minSeats: 1, maxSeats: [2, 2, 4, 4, 6, 8][t % 6]! });
      await insertSession(handle.db, r.id, { firstSeating: "17:00", lastSeating: "22:00", intervalMinutes: 15, turnMinutes: 90 });
      spread.push(r.id);
    }
    // A thousand more, published, for search: text search and date + time + party search render over them.
    await seedSearchRestaurants(handle.sql, SEARCH_RESTAURANTS);
    const hot = await insertRestaurant(handle.db, { timezone: "Europe/London" });
    for (let t = 0; t < 20; t++) await insertTable(handle.db, hot.id, { label: `H${t + 1}`, minSeats: 1, maxSeats: 2 });
    await insertSession(handle.db, hot.id, { turnMinutes: 90 });

    redis = await startRedisServer();
    // The sold-out drop's experience, created as an owner would (which primes its seat counter).
    const dropHost = await insertRestaurant(handle.db, { timezone: "Europe/Paris" });
    const dropOwner = await insertUser(handle.db);
    await insertMember(handle.db, dropHost.id, dropOwner.id, "owner");
    const setupRedis = connectTcpRedis({ url: redis.url });
    const dropExperience = await createExperience(
      handle.db,
      {
        restaurantId: dropHost.id,
        principal: { userId: dropOwner.id, email: dropOwner.email, name: dropOwner.name },
        experience: {
          name: "Truffle dinner",
          startsAt: DateTime.now().plus({ days: 10 }).startOf("hour").toUTC().toISO()!,
          durationMinutes: 180,
          currency: "EUR",
          sections: [{ name: "Chef's counter", capacity: DROP_SEATS, price_cents: 0 }],
          published: true,
        },
      },
      { kv: createUpstashKv({ requester: createTcpRequester(setupRedis), prefix: `${dbName}:` }) },
    ).finally(() => setupRedis.close());
    const dropSection = dropExperience.sections[0]!;
    const port = PORT || (await freePort());
    const base = `http://127.0.0.1:${port}`;
    const profile = cpuProfArg ? ["--cpu-prof", "--cpu-prof-dir", cpuProfArg] : [];
    server = spawn(process.execPath, [...profile, ...serveArgs(port, "127.0.0.1")], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...env0,
        NODE_ENV: "production",
        TRUSTED_PROXY_HOPS: "1",
        NEXT_DIST_DIR: DIST,
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: url,
        DATABASE_POOL_MAX: "20",
        AUTH_SECRET: randomBytes(32).toString("hex"),
        REDIS_URL: redis.url,
        UPSTASH_REDIS_REST_URL: undefined,
        UPSTASH_REDIS_REST_TOKEN: undefined,
        REDIS_KEY_PREFIX: `${dbName}:`,
        // One machine plays every diner: lift the per-diner limits (README, "Configuration").
        HOLD_LIMIT_PER_HOLDER: "100000",
        HOLD_RATE_LIMIT_PER_MINUTE: "100000",
      },
    });
    await waitFor(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok === true, 60_000, "the app to answer /api/health");

    /** The app's CPU, and that of every Postgres backend serving the bench's database. */
    const cpuNow = async (): Promise<CpuSnapshot> => {
      const pids = (await handle.sql`select pid from pg_stat_activity where datname = ${dbName}`) as unknown as { pid: number }[];
      return {
        app: cpuMsOf(server!.pid!),
        db: new Map(pids.map((r) => [r.pid, cpuMsOf(r.pid)])),
        redis: cpuMsOf(redis!.pid),
      };
    };
    /** CPU milliseconds per answer between two snapshots: `app … ms, Postgres … ms, Redis … ms`. */
    const cpuPer = (a: CpuSnapshot, b: CpuSnapshot, answers: number) => {
      let db = 0;
      for (const [pid, ms] of b.db) db += ms - (a.db.get(pid) ?? 0);
      return { app: (b.app - a.app) / answers, db: db / answers, redis: (b.redis - a.redis) / answers };
    };
    const cpuLine = (c: { app: number; db: number; redis: number }) =>
      `CPU per answer: app ${fmt(c.app, 2)} ms, Postgres ${fmt(c.db, 2)} ms, Redis server ${fmt(c.redis, 2)} ms`;

    // Warm-up: first requests compile routes and fill pools.
    await load(base, 200, CONCURRENCY, () => ({ path: "/api/ping" }));
    await load(base, 100, 8, (i) => ({ path: `/api/v1/restaurants/${spread[i % 10]}/availability?date=${DateTime.utc().plus({ days: 40 }).toISODate()}&party_size=2` }));

    console.log(`[bench] concurrency ${CONCURRENCY}, ${REQUESTS} requests per measurement${ONLY ? `, only ${[...ONLY].join(", ")}` : ""}`);
    const cpu0 = await cpuNow();
    const trivial = await load(base, REQUESTS, CONCURRENCY, () => ({ path: "/api/ping" }));
    const trivialCpu = cpuPer(cpu0, await cpuNow(), REQUESTS);
    const trivialRps = (trivial.latencies.length / trivial.elapsedMs) * 1000;
    const lines = [
      `Tablekeep benchmark — ${new Date().toISOString()} — next start, concurrency ${CONCURRENCY}, Redis over TCP from the app (REDIS_URL, no bridge); load average ${loadavg().map((n) => fmt(n, 2)).join(" ")}`,
      `trivial route:     ${fmt(trivialRps, 0)} req/s   p50 ${fmt(percentile(trivial.latencies, 50))} ms  p99 ${fmt(percentile(trivial.latencies, 99))} ms  [${statusLine(trivial.statuses)}]`,
      `  ${cpuLine(trivialCpu)}`,
    ];
    let failed = false;

    if (wanted("holds")) {
      // Holds spread over 10 restaurants × 60 days × 21 seatings, so most succeed and few collide.
      const holdAt = (i: number) => {
        const rid = spread[i % 10]!;
        const tz = zones[(i % 10) % zones.length]!;
        const seat = DateTime.now().setZone(tz).plus({ days: 2 + ((i * 7) % 60) }).set({ hour: 17, minute: 0, second: 0, millisecond: 0 }).plus({ minutes: 15 * ((i * 13) % 21) });
        return { restaurant_id: rid, starts_at: seat.toUTC().toISO(), party_size: 1 + (i % 4) };
      };
      const before = await cpuNow();
      const holds = await load(base, REQUESTS, CONCURRENCY, (i) => ({
        path: "/api/v1/reservations",
        init: { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip() }, body: JSON.stringify(holdAt(i)) },
      }));
      const holdCpu = cpuPer(before, await cpuNow(), REQUESTS);
      const holdRps = ((holds.statuses.get(201) ?? 0) / holds.elapsedMs) * 1000;
      lines.push(
        `holds:             ${fmt(holdRps, 0)} holds/s (successful)  p50 ${fmt(percentile(holds.latencies, 50))} ms  p99 ${fmt(percentile(holds.latencies, 99))} ms  [${statusLine(holds.statuses)}]`,
        `holds / trivial:   ${fmt(holdRps / trivialRps, 3)}`,
        `hold Server-Timing (median of 201s): ${phaseBreakdown(holds.timings)}`,
        `  ${cpuLine(holdCpu)}; app + Postgres + Redis per hold / per trivial answer: ${fmt((holdCpu.app + holdCpu.db + holdCpu.redis) / (trivialCpu.app + trivialCpu.db + trivialCpu.redis), 2)}`,
      );
    }

    if (wanted("availability")) {
      const availPath = (i: number) => `/api/v1/restaurants/${spread[i % 10]}/availability?date=${DateTime.utc().plus({ days: 3 + (Math.floor(i / 10) % 80) }).toISODate()}&party_size=${1 + (Math.floor(i / 800) % 6)}`;
      const uncached = await load(base, Math.min(REQUESTS, 4800), CONCURRENCY, (i) => ({ path: availPath(i) }));
      const cachedPath = availPath(0);
      await fetch(base + cachedPath);
      const cached = await load(base, REQUESTS, CONCURRENCY, () => ({ path: cachedPath }));
      lines.push(
        `availability uncached: ${fmt((uncached.latencies.length / uncached.elapsedMs) * 1000, 0)} req/s  p50 ${fmt(percentile(uncached.latencies, 50))} ms  p99 ${fmt(percentile(uncached.latencies, 99))} ms  [${statusLine(uncached.statuses)}]`,
        `availability cached:   ${fmt((cached.latencies.length / cached.elapsedMs) * 1000, 0)} req/s  p50 ${fmt(percentile(cached.latencies, 50))} ms  p99 ${fmt(percentile(cached.latencies, 99))} ms  [${statusLine(cached.statuses)}]`,
        `cached p99 / trivial p99: ${fmt(percentile(cached.latencies, 99) / percentile(trivial.latencies, 99), 2)}   cached / trivial req/s: ${fmt((cached.latencies.length / cached.elapsedMs) * 1000 / trivialRps, 2)}`,
        `availability Server-Timing (median) uncached: ${phaseBreakdown(uncached.timings)}`,
        `availability Server-Timing (median) cached:   ${phaseBreakdown(cached.timings)}`,
      );
    }

    if (wanted("search")) {
      // Search pages, server-rendered, over the thousand restaurants; then the same searches through
      // the API, whose Server-Timing says how many SQL round trips a page of results costs.
      const searchDate = DateTime.now().setZone("Europe/London").plus({ days: 4 }).toISODate();
      const searchRuns = Math.min(REQUESTS, 600);
      const words = ["trattoria", "bistro", "izakaya", "taverna", "brasserie"];
      const when = (i: number) => `date=${searchDate}&time=${["18:00", "19:00", "20:00"][i % 3]}&party_size=${2 + (i % 3)}`;
      await load(base, 20, 4, () => ({ path: "/restaurants?q=trattoria" }));
      await load(base, 20, 4, (i) => ({ path: `/restaurants?${when(i)}` }));
      const measure = async (make: (i: number) => { path: string }) => {
        const before = await cpuNow();
        const result = await load(base, searchRuns, CONCURRENCY, make);
        return { result, cpu: cpuPer(before, await cpuNow(), searchRuns) };
      };
      const searchText = await measure((i) => ({ path: `/restaurants?q=${words[i % 5]}` }));
      const searchAvail = await measure((i) => ({ path: `/restaurants?${when(i)}` }));
      const apiText = await measure((i) => ({ path: `/api/v1/restaurants?q=${words[i % 5]}` }));
      const apiAvail = await measure((i) => ({ path: `/api/v1/restaurants?${when(i)}` }));
      const row = (label: string, m: { result: LoadResult }) =>
        `${label}${fmt((m.result.latencies.length / m.result.elapsedMs) * 1000, 0)} req/s  p50 ${fmt(percentile(m.result.latencies, 50))} ms  p99 ${fmt(percentile(m.result.latencies, 99))} ms  [${statusLine(m.result.statuses)}]`;
      const perTrivial = (c: { app: number; db: number }) => fmt((c.app + c.db) / (trivialCpu.app + trivialCpu.db), 1);
      lines.push(
        row(`search (${SEARCH_RESTAURANTS} restaurants) text:        `, searchText),
        `  ${cpuLine(searchText.cpu)}; app + Postgres per page / per trivial answer: ${perTrivial(searchText.cpu)}`,
        row(`search (${SEARCH_RESTAURANTS} restaurants) date+time+party: `, searchAvail),
        `  ${cpuLine(searchAvail.cpu)}; app + Postgres per page / per trivial answer: ${perTrivial(searchAvail.cpu)}`,
        `search p50 / trivial p50: text ${fmt(percentile(searchText.result.latencies, 50) / percentile(trivial.latencies, 50), 2)}  date+time+party ${fmt(percentile(searchAvail.result.latencies, 50) / percentile(trivial.latencies, 50), 2)}`,
        row(`search API text:            `, apiText),
        `  Server-Timing (median): ${phaseBreakdown(apiText.result.timings)}; ${cpuLine(apiText.cpu)}`,
        row(`search API date+time+party: `, apiAvail),
        `  Server-Timing (median): ${phaseBreakdown(apiAvail.result.timings)}; ${cpuLine(apiAvail.cpu)}`,
      );
    }

    if (wanted("hot-drop")) {
      // Hot drop: every racer wants the same seating at the same restaurant.
      const hotAt = DateTime.now().setZone("Europe/London").plus({ days: 5 }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO();
      const hotBody = JSON.stringify({ restaurant_id: hot.id, starts_at: hotAt, party_size: 2 });
      let locked = 0;
      let won = 0;
      let refused = 0;
      const dropStart = performance.now();
      await Promise.all(
        Array.from({ length: RACERS }, async () => {
          const headers = { "content-type": "application/json", "x-forwarded-for": ip() };
          for (let attempt = 0; attempt < 30; attempt++) {
            const res = await fetch(`${base}/api/v1/reservations`, { method: "POST", headers, body: hotBody });
            await res.arrayBuffer();
            if (res.status === 423) {
              locked++;
              await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
              continue;
            }
            if (res.status === 201) won++;
            else refused++;
            return;
          }
        }),
      );
      const dropMs = performance.now() - dropStart;
      const [overlaps] = (await handle.sql`
        select count(*)::int as n from reservations a join reservations b
          on a.table_id = b.table_id and a.id < b.id and a.period && b.period
        where a.status in ('held','confirmed','seated') and b.status in ('held','confirmed','seated')`) as unknown as { n: number }[];
      const [hotRows] = (await handle.sql`select count(*)::int as n from reservations where restaurant_id = ${hot.id} and status = 'held'`) as unknown as { n: number }[];
      lines.push(
        `hot drop:          ${RACERS} racers for 20 tables in ${fmt(dropMs, 0)} ms: ${won} held, ${refused} refused (409), ${locked} retries after 423; ${hotRows!.n} held rows`,
        `overlapping blocking reservations: ${overlaps!.n}`,
      );
      if (overlaps!.n !== 0 || won !== 20) failed = true;
    }

    if (wanted("sold-out")) {
      // Sold-out drop: every client at once for one 40-seat section, one request each (a seat hold
      // never answers 423, so nobody retries). Then the sold-out section under steady load.
      const dropBody = JSON.stringify({ experience_id: dropExperience.id, section_id: dropSection.id, party_size: DROP_PARTY });
      const seatHold = (): RequestInit => ({ method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip() }, body: dropBody });
      const answers: { status: number; doneMs: number; latencyMs: number }[] = [];
      const dropStart = performance.now();
      await Promise.all(
        Array.from({ length: DROP_CLIENTS }, async () => {
          const t0 = performance.now();
          const res = await fetch(`${base}/api/v1/reservations`, seatHold());
          await res.arrayBuffer();
          const t1 = performance.now();
          answers.push({ status: res.status, doneMs: t1 - dropStart, latencyMs: t1 - t0 });
        }),
      );
      const dropMs = performance.now() - dropStart;
      const wins = answers.filter((a) => a.status === 201);
      const soldOut = answers.filter((a) => a.status === 409);
      const statuses = new Map<number, number>();
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const soldOutAtMs = Math.max(0, ...wins.map((a) => a.doneMs));
      const ms = (xs: { latencyMs: number }[]) => xs.map((a) => a.latencyMs).sort((a, b) => a - b);
      const before = await cpuNow();
      const steady = await load(base, REQUESTS, CONCURRENCY, () => ({ path: "/api/v1/reservations", init: seatHold() }), (status) => status === 409);
      const steadyCpu = cpuPer(before, await cpuNow(), REQUESTS);
      const steadyRps = (steady.latencies.length / steady.elapsedMs) * 1000;
      // Postgres is the judge: seats counting against the section now (unexpired holds and confirmed).
      const [counted] = (await handle.sql`
        select coalesce(sum(party_size), 0)::int as seats, count(*)::int as bookings from reservations
        where section_id = ${dropSection.id} and reservation_seats_counted(status, hold_expires_at, now())`) as unknown as { seats: number; bookings: number }[];
      const oversold = Math.max(0, counted!.seats - DROP_SEATS);
      lines.push(
        `sold-out drop:     ${DROP_CLIENTS} clients × ${DROP_PARTY} seats for ${DROP_SEATS} seats of one experience section: sold out after ${fmt(soldOutAtMs, 0)} ms, every client answered after ${fmt(dropMs, 0)} ms  [${statusLine(statuses)}]`,
        `  winners p50 ${fmt(percentile(ms(wins), 50))} ms p99 ${fmt(percentile(ms(wins), 99))} ms · "sold out" p50 ${fmt(percentile(ms(soldOut), 50))} ms p99 ${fmt(percentile(ms(soldOut), 99))} ms · ${fmt((soldOut.length / dropMs) * 1000, 0)} "sold out"/s during the drop`,
        `sold out, steady:  ${fmt(steadyRps, 0)} "sold out"/s  p50 ${fmt(percentile(steady.latencies, 50))} ms  p99 ${fmt(percentile(steady.latencies, 99))} ms  [${statusLine(steady.statuses)}]   / trivial req/s: ${fmt(steadyRps / trivialRps, 2)}`,
        `"sold out" Server-Timing (median): ${phaseBreakdown(steady.timings)}`,
        `  ${cpuLine(steadyCpu)}; app per "sold out" / per trivial answer: ${fmt(steadyCpu.app / trivialCpu.app, 2)}`,
        `seats counted in Postgres: ${counted!.seats} of ${DROP_SEATS} in ${counted!.bookings} bookings; oversold: ${oversold}`,
      );
      // Exactly the capacity: none oversold, none hidden; every client answered, the losers "sold out".
      if (counted!.seats !== DROP_SEATS || wins.length * DROP_PARTY !== DROP_SEATS || soldOut.length !== DROP_CLIENTS - wins.length) failed = true;
    }

    lines.push(`load average at the end: ${loadavg().map((n) => fmt(n, 2)).join(" ")}`);
    console.log(`\n${lines.join("\n")}`);
    if (failed) process.exitCode = 1;
  } finally {
    await stopProcess(server);
    await redis?.stop().catch(() => {});
    await handle.close();
    await dropDatabase(dbName);
  }
}

await main();
