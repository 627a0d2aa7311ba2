import { z } from "zod";

/**
 * The one place that reads process.env. Every setting is validated here once; the rest of the code
 * imports `env` (or calls `getEnv()` where a test changes the environment between runs).
 */
const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

/** Like `bool`, but on when unset. */
const boolOn = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === undefined || v === "" || v === "1" || v === "true" || v === "yes");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = optionalString.pipe(z.string().url().optional());

const intFrom = (fallback: number, min = 0) =>
  optionalString
    .pipe(z.string().regex(/^\d+$/, "must be a whole number").optional())
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .pipe(z.number().int().min(min));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Postgres connection string. Without it, `npm run dev` / `npm start` start embedded Postgres and set it. */
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  /** Connections per app instance. */
  DATABASE_POOL_MAX: intFrom(10, 1),
  /** Milliseconds to open a database connection before the request fails with 503. */
  DATABASE_CONNECT_TIMEOUT_MS: intFrom(2000, 100),
  /** Milliseconds a transaction may wait for a free connection before it fails with 503. */
  DATABASE_ACQUIRE_TIMEOUT_MS: intFrom(3000, 100),
  /** statement_timeout of every connection (milliseconds). */
  DATABASE_STATEMENT_TIMEOUT_MS: intFrom(5000, 100),
  /** lock_timeout of every connection (milliseconds). */
  DATABASE_LOCK_TIMEOUT_MS: intFrom(2000, 10),
  /**
   * The hot path's statements (a hold's, availability's) as named prepared statements, planned once
   * per connection. Off (`0`) behind a connection pooler in transaction mode that cannot keep them.
   */
  DATABASE_PREPARE: boolOn,
  /** Upstash REST endpoint (Upstash itself, or the bundled bridge in front of a TCP Redis); wins over REDIS_URL. */
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  /** A TCP Redis (`redis://host:port`) the app connects to from its own process, when the Upstash pair is not set. */
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
  ),
  /** Prefix for every Redis key, so several deployments or test runs can share one Redis. */
  REDIS_KEY_PREFIX: optionalString.transform((v) => v ?? "tk:"),
  /** Milliseconds a lock or cache call may take before the request carries on without Redis. */
  REDIS_TIMEOUT_MS: intFrom(250, 10),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** Public origin of the app, used in emails and links (`https://tablekeep.example`). */
  APP_URL: optionalUrl,
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_DEV: bool,
  INNGEST_BASE_URL: optionalUrl,
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalUrl,
  EMAIL_FROM: optionalString.transform((v) => v ?? "Tablekeep <bookings@tablekeep.local>"),
  /** Stripe secret key (`sk_test_…` / `sk_live_…`). Without it, checkouts go to the development checkout page. */
  STRIPE_SECRET_KEY: optionalString,
  /** Signing secret of the Stripe webhook endpoint (`whsec_…`); webhooks are refused without it. */
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** A Stripe-compatible server (`http://127.0.0.1:12111`), for tests; the default is Stripe's own API. */
  STRIPE_API_BASE: optionalUrl,
  /**
   * Twilio, for text messages. Texts go through Twilio when the account SID, auth token and sender are
   * all set; without them they land in the development mailbox beside the emails.
   */
  TWILIO_ACCOUNT_SID: optionalString.pipe(z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be an account SID (AC followed by 32 hex digits)").optional()),
  TWILIO_AUTH_TOKEN: optionalString,
  /** The sender: a Twilio number in E.164 (`+447700900123`) or a Messaging Service SID (`MG…`). */
  TWILIO_FROM: optionalString.pipe(
    z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, "must be a number in E.164 (+447700900123) or a Messaging Service SID (MG…)")
      .optional(),
  ),
  /** A Twilio-compatible server (`http://127.0.0.1:4010`), for tests; the default is Twilio's own API. */
  TWILIO_API_BASE: optionalUrl,
  /** Waitlist entries one client address may add per hour, across restaurants (while Redis is up). */
  WAITLIST_JOIN_LIMIT_PER_HOUR: intFrom(10, 1),
  /** Large-party requests one client address may send per hour, across restaurants (while Redis is up). */
  PARTY_REQUEST_LIMIT_PER_HOUR: intFrom(5, 1),
  /** Active holds one diner (user or address) may have at once. */
  HOLD_LIMIT_PER_HOLDER: intFrom(3, 1),
  /** Hold requests per address per minute while Redis is up. */
  HOLD_RATE_LIMIT_PER_MINUTE: intFrom(30, 1),
  /**
   * Proxies in front of the app that append to X-Forwarded-For (a load balancer, a CDN). The client's
   * address is the entry that many places from the right; 0 means the address the app's server saw.
   */
  TRUSTED_PROXY_HOPS: intFrom(0, 0),
  /**
   * Password checks per address and per account, sign-ups per address, and sign-in link requests per
   * address, each per minute. Held in-process too, so Redis being down does not lift them.
   */
  AUTH_RATE_LIMIT_PER_MINUTE: intFrom(10, 1),
  /** Sign-in link emails one address may be sent per hour. */
  MAGIC_LINK_LIMIT_PER_HOUR: intFrom(5, 1),
  /** Bodies larger than this are refused with 400 before parsing. */
  MAX_BODY_BYTES: intFrom(64 * 1024, 1024),
  /**
   * Without Inngest, run the sweeper every minute in-process (one instance at a time per database).
   * On unless set to 0.
   */
  JOBS_SCHEDULER: z
    .enum(["1", "0", "true", "false", "yes", "no", ""])
    .optional()
    .transform((v) => !(v === "0" || v === "false" || v === "no")),
  /** Set by the launcher when it runs embedded Postgres with demo data. */
  TABLEKEEP_EMBEDDED: bool,
  /** Shows the development mailbox even in a production build (tests, demos). */
  TABLEKEEP_DEV_TOOLS: bool,
  PORT: intFrom(3000, 1),
  /** Interface `npm run dev` / `npm start` listen on (`0.0.0.0` in a container). */
  HOSTNAME: optionalString,
  /** The build folder the server runs from (next.config.ts reads it too); `.next` when unset. */
  NEXT_DIST_DIR: optionalString.transform((v) => v ?? ".next"),
  /** Tests: a Postgres server where each run creates (and drops) its own databases. */
  TEST_DATABASE_ADMIN_URL: optionalString.transform((v) => v ?? "postgres://postgres@127.0.0.1:5432/postgres"),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    super(`Invalid environment configuration:\n${lines.join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: Env | undefined;

/** The validated environment. Tests that change process.env call `resetEnv()` afterwards. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function resetEnv(): void {
  cached = undefined;
}

/** Names a missing required setting in one clear sentence. */
export function requireSetting<K extends keyof Env>(key: K): NonNullable<Env[K]> {
  const value = getEnv()[key];
  if (value === undefined || value === null) {
    throw new Error(`${String(key)} is not set. Set it in the environment (see README.md, "Configuration").`);
  }
  return value as NonNullable<Env[K]>;
}

/** Writes values into the process environment (launcher and test setup only) and re-reads them. */
export function setProcessEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnv();
}

/** The raw process environment, for spawning child processes with it. */
export function processEnvSnapshot(): NodeJS.ProcessEnv {
  return { ...process.env };
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  apiBase: string | undefined;
}

/** Twilio's settings when SMS is configured, else null (SMS is off). */
export function twilioSettings(): TwilioSettings | null {
  const e = getEnv();
  if (!e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN || !e.TWILIO_FROM) return null;
  return { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM, apiBase: e.TWILIO_API_BASE };
}

/**
 * Where text messages go, decided here once as email's transport decides between Resend and the
 * development mailbox: Twilio when it is configured, else the development mailbox beside the emails.
 */
export type SmsDelivery = { via: "twilio"; settings: TwilioSettings } | { via: "mailbox" };

export function smsDelivery(): SmsDelivery {
  const settings = twilioSettings();
  return settings ? { via: "twilio", settings } : { via: "mailbox" };
}

export function appUrl(): string {
  const e = getEnv();
  return e.APP_URL ?? `http://localhost:${e.PORT}`;
}

/** APP_URL is served over https (HSTS, secure cookies). */
export function appUrlIsHttps(): boolean {
  return new URL(appUrl()).protocol === "https:";
}

/** APP_URL names this machine only (localhost, 127.0.0.0/8, ::1): a developer's or a test run's server. */
export function appUrlIsLoopback(): boolean {
  const host = new URL(appUrl()).hostname.toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "[::1]";
}
