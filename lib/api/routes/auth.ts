/**
 * Route handlers, defined in lib/ so integration tests can call them without importing app/ (the
 * layering rule); each app/api route.ts only re-exports them under the HTTP method names.
 */
import { route } from "@/lib/api/handler";
import { registerBody, tokenBody } from "@/lib/api/schemas";
import { isoInstant, serializeUser } from "@/lib/api/serialize";
import { throttleSignIn } from "@/lib/auth/throttle";
import { issueApiToken } from "@/lib/auth/tokens";
import { authenticate, registerUser } from "@/lib/auth/users";
import { getEnv } from "@/lib/env";
import { unauthenticated } from "@/lib/errors";

// /api/v1/auth/register
export const registerHandler = route(
  {
    body: registerBody,
    status: 201,
    idempotent: true,
    rateLimit: { bucket: "auth-register", limit: () => getEnv().AUTH_RATE_LIMIT_PER_MINUTE, windowSeconds: 60, strict: true },
  },
  async ({ db, body }) => ({ user: serializeUser(await registerUser(db, body)) }),
);

// /api/v1/auth/token
export const tokenHandler = route(
  { body: tokenBody },
  async ({ db, body, ip }) => {
    await throttleSignIn({ ip, email: body.email });
    const user = await authenticate(db, body.email, body.password);
    if (!user) throw unauthenticated("The email or password is incorrect.");
    const { token, expiresAt } = await issueApiToken(user);
    return { token, expires_at: isoInstant(expiresAt) };
  },
);
