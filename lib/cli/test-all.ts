import { spawn } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { processEnvSnapshot } from "@/lib/env";

/**
 * `npm test`: every layer in order (lint, typecheck, unit, integration, e2e build, e2e), stopping at the
 * first failure. Ends with one line per layer and a last line `N passed, N failed` (tests across vitest
 * and Playwright; a failing layer that runs no tests, such as lint, counts as one failure) for CI.
 *
 *   npm test                      all layers
 *   npm test -- unit integration  only those layers, in the usual order
 */

const ROOT = process.cwd();
const BIN = path.join(ROOT, "node_modules", ".bin");
export const E2E_DIST_DIR = ".next-e2e";

export interface Counts {
  passed: number;
  failed: number;
}

interface Layer {
  name: string;
  /** Runs the layer; resolves with its exit code and, for test layers, the counts. */
  run(ctx: { reportDir: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; counts?: Counts }>;
}

interface Outcome {
  name: string;
  status: "passed" | "failed" | "skipped";
  seconds?: number;
  counts?: Counts;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env, cwd: ROOT });
    child.once("error", (e) => {
      console.error(`could not run ${command}: ${e.message}`);
      resolve(127);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson(file: string): unknown {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Counts from vitest's JSON reporter (`numPassedTests`, `numFailedTests`). */
export function vitestCounts(report: unknown): Counts | undefined {
  const r = report as { numPassedTests?: unknown; numFailedTests?: unknown } | undefined;
  if (typeof r?.numPassedTests !== "number" || typeof r.numFailedTests !== "number") return undefined;
  return { passed: r.numPassedTests, failed: r.numFailedTests };
}

/** Counts from Playwright's JSON reporter: expected and flaky passed; unexpected failed. */
export function playwrightCounts(report: unknown): Counts | undefined {
  const stats = (report as { stats?: { expected?: unknown; unexpected?: unknown; flaky?: unknown } } | undefined)?.stats;
  if (typeof stats?.expected !== "number" || typeof stats.unexpected !== "number") return undefined;
  const flaky = typeof stats.flaky === "number" ? stats.flaky : 0;
  return { passed: stats.expected + flaky, failed: stats.unexpected };
}

const vitestLayer = (name: string, config: string): Layer => ({
  name,
  async run({ reportDir, env }) {
    const out = path.join(reportDir, `${name}.json`);
    const code = await run(
      path.join(BIN, "vitest"),
      ["run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, "--passWithNoTests"],
      env,
    );
    return { code, counts: vitestCounts(readJson(out)) };
  },
});

export const LAYERS: readonly Layer[] = [
  {
    name: "lint",
    // ESLint over the code, then stylelint over every sheet (no caches: this is the authoritative run).
    async run({ env }) {
      const eslint = await run(path.join(BIN, "eslint"), ["--max-warnings=0", "."], env);
      const stylelint = await run(path.join(BIN, "stylelint"), ["--max-warnings=0", "**/*.css"], env);
      return { code: eslint || stylelint };
    },
  },
  { name: "typecheck", run: async ({ env }) => ({ code: await run(path.join(BIN, "tsc"), ["--noEmit", "-p", "."], env) }) },
  vitestLayer("unit", "vitest.unit.config.ts"),
  vitestLayer("integration", "vitest.int.config.ts"),
  {
    name: "e2e build",
    async run({ env }) {
      const tsconfig = path.join(ROOT, "tsconfig.json");
      const before = readFileSync(tsconfig, "utf8");
      const code = await run(path.join(BIN, "next"), ["build"], { ...env, NEXT_DIST_DIR: E2E_DIST_DIR });
      undoTsconfigRewrite(tsconfig, before);
      return { code };
    },
  },
  {
    name: "e2e",
    async run({ reportDir, env }) {
      const out = path.join(reportDir, "e2e.json");
      const code = await run(path.join(BIN, "playwright"), ["test", "--reporter=list,json"], {
        ...env,
        PLAYWRIGHT_JSON_OUTPUT_NAME: out,
      });
      return { code, counts: playwrightCounts(readJson(out)) };
    },
  },
];

/**
 * `next build` adds `<distDir>/types/**` to tsconfig's include when it is missing, reformatting the
 * file. For the e2e build folder that only dirties the tree, so put the original back when nothing
 * else changed.
 */
function undoTsconfigRewrite(file: string, before: string): void {
  const after = readFileSync(file, "utf8");
  if (after === before) return;
  try {
    const a = JSON.parse(after) as { include?: string[] };
    a.include = a.include?.filter((p) => !p.startsWith(`${E2E_DIST_DIR}/`));
    if (isDeepStrictEqual(a, JSON.parse(before))) writeFileSync(file, before);
  } catch {
    // Not plain JSON (comments): leave Next's version in place.
  }
}

function format(outcomes: Outcome[]): string[] {
  const width = Math.max(...outcomes.map((o) => o.name.length));
  return outcomes.map((o) => {
    const parts = [o.name.padEnd(width), o.status.toUpperCase().padEnd(7)];
    if (o.counts) parts.push(`${o.counts.passed} passed, ${o.counts.failed} failed`);
    if (o.seconds !== undefined) parts.push(`(${o.seconds.toFixed(1)}s)`);
    return parts.join("  ");
  });
}

export function totals(outcomes: Outcome[]): Counts {
  let passed = 0;
  let failed = 0;
  for (const o of outcomes) {
    if (o.counts) {
      passed += o.counts.passed;
      failed += o.counts.failed;
    }
    // A layer that failed without a failing test (lint, typecheck, build, a crashed runner) still fails the run.
    if (o.status === "failed" && (!o.counts || o.counts.failed === 0)) failed += 1;
  }
  return { passed, failed };
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = wanted.filter((w) => !LAYERS.some((l) => l.name === w || l.name.replace(" ", "-") === w));
  if (unknown.length > 0) {
    console.error(`Unknown layer(s): ${unknown.join(", ")}. Layers: ${LAYERS.map((l) => l.name.replace(" ", "-")).join(", ")}`);
    return 2;
  }
  const selected = LAYERS.filter((l) => wanted.length === 0 || wanted.includes(l.name) || wanted.includes(l.name.replace(" ", "-")));

  const reportDir = mkdtempSync(path.join(tmpdir(), "tablekeep-test-"));
  const env = { ...processEnvSnapshot(), NEXT_TELEMETRY_DISABLED: "1" };
  const outcomes: Outcome[] = [];
  const started = Date.now();
  let failed = false;
  try {
    for (const layer of selected) {
      if (failed) {
        outcomes.push({ name: layer.name, status: "skipped" });
        continue;
      }
      console.log(`\n━━ ${layer.name} ━━`);
      const t0 = Date.now();
      const { code, counts } = await layer.run({ reportDir, env });
      const ok = code === 0 && (!counts || counts.failed === 0);
      outcomes.push({ name: layer.name, status: ok ? "passed" : "failed", seconds: (Date.now() - t0) / 1000, counts });
      if (!ok) failed = true;
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }

  const { passed, failed: failedCount } = totals(outcomes);
  console.log(`\n━━ summary (${((Date.now() - started) / 1000).toFixed(0)}s) ━━`);
  for (const line of format(outcomes)) console.log(line);
  console.log(`${passed} passed, ${failedCount} failed`);
  return failed ? 1 : 0;
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) process.exit(await main());
