import { createRequire } from "node:module";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { openDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { processEnvSnapshot } from "@/lib/env";
import { serveArgs } from "@/lib/cli/serve";
import { createMigratedDatabase, databaseUrl, dropDatabase, uniqueName } from "@/lib/testing/db";
import { stopProcess } from "@/lib/testing/process";
import { freePort, waitFor } from "@/lib/testing/redis";

/**
 * `npm run lighthouse`: builds the app into `.next-lighthouse`, serves it with the demo data on a fresh
 * database, and runs Lighthouse (mobile settings, its defaults) against the home page, a search and a
 * restaurant page in Chromium (CHROME_PATH, else /usr/bin/chromium). Prints performance,
 * accessibility, best practices and SEO per page, with total blocking time and largest contentful
 * paint. A report, not a test: nothing here fails on a score.
 * Options: --no-build (reuse .next-lighthouse), --runs N (median of N runs per page, default 1),
 * --only home,search,restaurant (some of the pages), --trace (keep each run's trace too).
 * Each run's full report (JSON, for the Lighthouse viewer) is kept in .next-lighthouse/reports, and
 * with --trace its trace (for the DevTools performance panel), to see what ran when.
 */
const args = process.argv.slice(2);
const BUILD = !args.includes("--no-build");
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 && Number(args[runsAt + 1]) > 0 ? Number(args[runsAt + 1]) : 1;
const onlyAt = args.indexOf("--only");
const ONLY = onlyAt >= 0 ? (args[onlyAt + 1] ?? "").split(",").filter(Boolean) : null;
const TRACE = args.includes("--trace");
const DIST = ".next-lighthouse";
const ROOT = process.cwd();
const REPORTS = join(ROOT, DIST, "reports");

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: "inherit", env, cwd: ROOT });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(" ")} exited ${code}`))));
  });
}

interface PageScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  tbtMs: number;
  lcpMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const env0 = processEnvSnapshot();
  const chromePath = env0.CHROME_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromePath)) throw new Error(`No Chromium at ${chromePath}: install Debian's chromium or set CHROME_PATH.`);
  if (BUILD) {
    console.log(`[lighthouse] building into ${DIST} …`);
    await run(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "build"], { ...env0, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" });
  }
  const dbName = await createMigratedDatabase(uniqueName("tk_lighthouse"));
  const url = databaseUrl(dbName);
  let server: ChildProcess | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    const handle = openDb(url, { max: 2 });
    try {
      await seedDemo(handle.db);
    } finally {
      await handle.close();
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // In-process cache and locks: one instance is all a page audit needs.
    const { UPSTASH_REDIS_REST_URL: _url, UPSTASH_REDIS_REST_TOKEN: _token, ...rest } = env0;
    server = spawn(process.execPath, serveArgs(port, "127.0.0.1"), {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...rest, NODE_ENV: "production", NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: url, AUTH_SECRET: randomBytes(32).toString("hex") },
    });
    await waitFor(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok === true, 60_000, "the app to answer /api/health");

    const pages = (
      [
        ["home", "/"],
        ["search", "/restaurants?q=osteria"],
        ["restaurant page", "/r/osteria-fiume"],
      ] satisfies [string, string][]
    ).filter(([name]) => !ONLY || ONLY.some((o) => name.startsWith(o)));
    // Warm each page once, so the first audit does not measure the server's first render.
    for (const [, path] of pages) await (await fetch(base + path)).arrayBuffer();

    // The machine's 1-minute load average before and after the audits: Lighthouse's blocking time
    // scales with a busy CPU, so a figure means little without it.
    const loadBefore = loadavg()[0]!;
    chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
    });
    const results: [string, PageScores][] = [];
    mkdirSync(REPORTS, { recursive: true });
    for (const [name, path] of pages) {
      const runs: PageScores[] = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(base + path, { port: chrome.port, output: "json", logLevel: "error" });
        const lhr = result?.lhr;
        if (!lhr) throw new Error(`Lighthouse returned nothing for ${path}`);
        const file = `${name.replace(/\W+/g, "-")}-${i + 1}`;
        writeFileSync(join(REPORTS, `${file}.json`), JSON.stringify(lhr));
        const trace = (result.artifacts as { Trace?: unknown }).Trace;
        if (TRACE && trace) writeFileSync(join(REPORTS, `${file}.trace.json`), JSON.stringify(trace));
        const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
        runs.push({
          performance: score("performance"),
          accessibility: score("accessibility"),
          bestPractices: score("best-practices"),
          seo: score("seo"),
          tbtMs: lhr.audits["total-blocking-time"]?.numericValue ?? NaN,
          lcpMs: lhr.audits["largest-contentful-paint"]?.numericValue ?? NaN,
        });
      }
      const pick = (k: keyof PageScores) => median(runs.map((r) => r[k]));
      results.push([
        `${name} (${path})`,
        { performance: pick("performance"), accessibility: pick("accessibility"), bestPractices: pick("bestPractices"), seo: pick("seo"), tbtMs: pick("tbtMs"), lcpMs: pick("lcpMs") },
      ]);
    }
    console.log(`\nLighthouse — ${new Date().toISOString()} — load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)} — production build, demo data, mobile settings${RUNS > 1 ? `, median of ${RUNS} runs` : ""}`);
    console.log("page                                  perf  a11y  best  seo   TBT ms   LCP ms");
    for (const [name, s] of results) {
      console.log(
        `${name.padEnd(38)}${String(s.performance).padStart(4)}  ${String(s.accessibility).padStart(4)}  ${String(s.bestPractices).padStart(4)}  ${String(s.seo).padStart(3)}  ${s.tbtMs.toFixed(0).padStart(7)}  ${s.lcpMs.toFixed(0).padStart(7)}`,
      );
    }
  } finally {
    chrome?.kill();
    await stopProcess(server);
    await dropDatabase(dbName);
  }
}

await main();
