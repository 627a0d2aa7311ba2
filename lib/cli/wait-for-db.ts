import postgres from "postgres";

/**
 * Start-up's first contact with the database. A server that is still starting (refused, no answer,
 * "starting up", no slot) is retried with backoff for up to `timeoutMs`; a definite answer (no such
 * database, login refused) ends at once. Either way the failure names the cause, where it tried and
 * the URL with its password hidden, so a wrong DATABASE_URL is fixed from the message alone.
 */
export interface WaitOptions {
  timeoutMs?: number;
  log?: (line: string) => void;
}

export class DatabaseUnreachable extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "DatabaseUnreachable";
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

const FINAL = new Set(["3D000", "28P01", "28000", "42501"]);

const EXPLAIN: Record<string, string> = {
  ECONNREFUSED: "connection refused: nothing is listening on that port",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "the host name could not be resolved (DNS)",
  ETIMEDOUT: "no answer (timed out)",
  CONNECT_TIMEOUT: "no answer within the connect timeout",
  EHOSTUNREACH: "host unreachable",
  "3D000": "the database does not exist",
  "28P01": "password authentication failed",
  "28000": "the role may not log in (no such role, or pg_hba.conf refuses it)",
  "42501": "the role may not connect to this database",
  "57P03": "the server is starting up or shutting down",
  "53300": "the server has no connection slot left",
};

function codeOf(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const inner = (cur as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) return codeOf(inner[0]);
    cur = (cur as { cause?: unknown }).cause;
  }
  return "UNKNOWN";
}

export function describeTarget(url: string): { where: string; database: string } {
  try {
    const u = new URL(url);
    return { where: `${u.hostname || "localhost"}:${u.port || "5432"}`, database: decodeURIComponent(u.pathname.slice(1)) || "(default)" };
  } catch {
    return { where: "(unparsable URL)", database: "?" };
  }
}

export async function waitForDatabase(url: string, options: WaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  const { where, database } = describeTarget(url);
  let delay = 250;
  let told = false;
  for (let attempt = 1; ; attempt++) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {}, backoff: () => 0 });
    try {
      await sql`select 1`;
      if (told) options.log?.(`database at ${where} is up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    } catch (e) {
      const code = codeOf(e);
      const elapsed = Date.now() - started;
      const cause = `${EXPLAIN[code] ?? (e as Error)?.message ?? String(e)} (${code})`;
      if (FINAL.has(code) || elapsed + delay > timeoutMs) {
        const waited = FINAL.has(code) ? "" : ` after trying for ${Math.round(elapsed / 1000)} s`;
        throw new DatabaseUnreachable(
          `Cannot use the database "${database}" at ${where}${waited}: ${cause}.\n  DATABASE_URL=${redactUrl(url)}`,
          code,
        );
      }
      if (!told) options.log?.(`waiting for the database at ${where}: ${cause}; retrying for up to ${Math.round(timeoutMs / 1000)} s…`);
      told = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 4_000);
    } finally {
      await sql.end({ timeout: 0 });
    }
  }
}
