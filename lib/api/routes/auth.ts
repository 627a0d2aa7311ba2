/**
 * Route handlers, defined in lib/ so integration tests can call them without importing app/ (the
 * layering rule); each app/api route.ts only re-exports them under the HTTP method names.
 */
import { route } from "@/lib/api/handler";
import { changePasswordBody, idParams, registerBody, tokenBody } from "@/lib/api/schemas";
import { isoInstant, serializeUser } from "@/lib/api/serialize";
import { throttleSignIn } from "@/lib/auth/throttle";
import { createApiToken, listApiTokens, revokeApiToken, verifyApiToken } from "@/lib/auth/tokens";
import { authenticate, changePassword, registerUser } from "@/lib/auth/users";
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
    const { id, token, expiresAt } = await createApiToken(db, user);
    return { token, id, expires_at: isoInstant(expiresAt) };
  },
);

/** The id of the bearer token a request carries, if it carries one. */
async function currentTokenId(req: Request): Promise<string | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return match ? ((await verifyApiToken(match[1]!))?.tokenId ?? null) : null;
}

// GET /api/v1/auth/tokens
export const listTokensHandler = route({ auth: "required" }, async ({ db, principal, req }) => {
  const current = await currentTokenId(req);
  const items = await listApiTokens(db, principal.userId);
  return {
    items: items.map((t) => ({
      id: t.id,
      created_at: isoInstant(t.createdAt),
      expires_at: isoInstant(t.expiresAt),
      current: t.id === current,
    })),
  };
});

// DELETE /api/v1/auth/tokens/{id}
export const revokeTokenHandler = route({ auth: "required", params: idParams, status: 204 }, async ({ db, principal, params }) => {
  await revokeApiToken(db, principal.userId, params.id);
  return null;
});

// POST /api/v1/auth/password (checks a password, so limited like sign-in)
export const changePasswordHandler = route(
  { auth: "required", body: changePasswordBody, status: 204 },
  async ({ db, principal, body, ip }) => {
    await throttleSignIn({ ip, email: principal.email });
    await changePassword(db, principal.userId, { currentPassword: body.current_password, newPassword: body.new_password });
    return null;
  },
);
