import { getEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { getKv } from "@/lib/redis";

/**
 * Password guessing is limited per address and per account, so neither one address trying many
 * accounts nor many addresses trying one account gets far. Backed by Redis when it is up
 * (@upstash/ratelimit); without Redis, by the in-process limiter.
 */
export async function throttleSignIn(input: { ip: string; email: string }): Promise<void> {
  const limit = getEnv().AUTH_RATE_LIMIT_PER_MINUTE;
  const kv = getKv();
  const [byIp, byEmail] = await Promise.all([
    kv.rateLimit(`rl:signin-ip:${input.ip}`, limit, 60),
    kv.rateLimit(`rl:signin-email:${input.email.trim().toLowerCase()}`, limit, 60),
  ]);
  const refused = [byIp, byEmail].filter((r) => !r.allowed);
  if (refused.length > 0) {
    throw new DomainError("rate_limited", "Too many sign-in attempts. Wait a minute and try again.", {
      retryAfter: Math.max(1, ...refused.map((r) => r.retryAfter)),
    });
  }
}
