import { getEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { createMemoryKv, getKv, type Kv, type RateLimitResult } from "@/lib/redis";

/**
 * Limits on guessing passwords, creating accounts and sending sign-in links. Unlike the other limits
 * (which let requests through when Redis cannot be asked, since Postgres decides what they do),
 * these never fail open: every attempt is also counted in this process, and an attempt is refused
 * when either count is over. With Redis up, Redis holds the limit across instances; with Redis slow
 * or down, each instance still holds it on its own.
 */

// On globalThis: Next may load this module once per route bundle, and one process needs one count.
const slot = globalThis as typeof globalThis & { __tablekeepStrictLimiter?: Kv };

function localLimiter(): Kv {
  return (slot.__tablekeepStrictLimiter ??= createMemoryKv());
}

/** Tests: forget every in-process count. */
export function resetLocalLimits(): void {
  slot.__tablekeepStrictLimiter = createMemoryKv();
}

/** `limit` attempts per `windowSeconds` for `identifier`, counted here and (when configured) in Redis. */
export async function strictRateLimit(identifier: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const local = await localLimiter().rateLimit(identifier, limit, windowSeconds);
  if (!local.allowed) return local;
  const kv = getKv();
  // Without Redis the shared store is another in-process map: one count is enough.
  if (kv.kind === "memory") return local;
  // A Redis that cannot be asked answers "allowed"; the local count has already said yes.
  return kv.rateLimit(identifier, limit, windowSeconds);
}

async function enforce(checks: { key: string; limit: number; windowSeconds: number }[], message: string): Promise<void> {
  const verdicts = await Promise.all(checks.map((c) => strictRateLimit(c.key, c.limit, c.windowSeconds)));
  const refused = verdicts.filter((v) => !v.allowed);
  if (refused.length > 0) {
    throw new DomainError("rate_limited", message, { retryAfter: Math.max(1, ...refused.map((r) => r.retryAfter)) });
  }
}

/**
 * Password checks, per address and per account, so neither one address trying many accounts nor
 * many addresses trying one account gets far. Every attempt counts, right or wrong: once the limit
 * is reached even the right password waits for the window to pass.
 */
export function throttleSignIn(input: { ip: string; email: string }): Promise<void> {
  const limit = getEnv().AUTH_RATE_LIMIT_PER_MINUTE;
  return enforce(
    [
      { key: `rl:signin-ip:${input.ip}`, limit, windowSeconds: 60 },
      { key: `rl:signin-email:${input.email.trim().toLowerCase()}`, limit, windowSeconds: 60 },
    ],
    "Too many sign-in attempts. Wait a minute and try again.",
  );
}

/**
 * Emails a form sends to the address typed into it, per address per minute and per recipient per
 * hour, so nobody can fill an inbox with them. The recipient is keyed as Auth.js normalises it, so
 * look-alike spellings share one count. `kind` keeps each kind of email's counts apart.
 */
function throttleEmails(kind: string, input: { ip: string; email: string }, message: string): Promise<void> {
  const env = getEnv();
  const email = input.email.normalize("NFKC").trim().toLowerCase();
  return enforce(
    [
      { key: `rl:${kind}-ip:${input.ip}`, limit: env.AUTH_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 },
      { key: `rl:${kind}-email:${email}`, limit: env.MAGIC_LINK_LIMIT_PER_HOUR, windowSeconds: 3600 },
    ],
    message,
  );
}

/** Sign-in link emails. */
export function throttleMagicLink(input: { ip: string; email: string }): Promise<void> {
  return throttleEmails("link", input, "Too many sign-in emails asked for. Wait a while and try again.");
}

/** Account creation per address (the API route applies the same limit through its route option). */
export function throttleRegister(input: { ip: string }): Promise<void> {
  return enforce(
    [{ key: `rl:auth-register:${input.ip}`, limit: getEnv().AUTH_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 }],
    "Too many accounts created from here. Wait a minute and try again.",
  );
}

/**
 * "Forgot password?" emails, like sign-in links; the same answer comes back whether or not the
 * address has an account.
 */
export function throttlePasswordReset(input: { ip: string; email: string }): Promise<void> {
  return throttleEmails("reset", input, "Too many reset emails asked for. Wait a while and try again.");
}
