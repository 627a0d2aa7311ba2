/**
 * Route handlers, defined in lib/ so integration tests can call them without importing app/ (the
 * layering rule); each app/api route.ts only re-exports them under the HTTP method names.
 */
import { route } from "@/lib/api/handler";
import { apiTokenListResponse, changePasswordBody, idParams, registerBody, registerResponse, tokenBody, tokenResponse } from "@/lib/api/schemas";
import { isoInstant, serializeUser } from "@/lib/api/serialize";
import { throttleSignIn } from "@/lib/auth/throttle";
import { createApiToken, listApiTokens, revokeApiToken, verifyApiToken } from "@/lib/auth/tokens";
import { authenticate, changePassword, registerUser } from "@/lib/auth/users";
import { getEnv } from "@/lib/env";
import { unauthenticated } from "@/lib/errors";

export const registerHandler = route(
  {
    doc: {
      method: "POST",
      path: "/api/v1/auth/register",
      example: { body: { email: "ada@example.test", password: "correct horse battery", name: "Ada" } },
      tag: "Accounts",
      summary: "Create an account",
      description:
        "Password at least 10 characters and not a common or easily guessed one (400 naming `password` otherwise). The email is stored lower-cased. A confirmation link is emailed to the address; the account works before it is confirmed, but joining a restaurant's team needs a confirmed address.",
      response: registerResponse,
      errors: ["invalid_input", "conflict", "rate_limited", "unavailable"],
    },
    auth: "none",
    body: registerBody,
    status: 201,
    idempotent: true,
    rateLimit: { bucket: "auth-register", limit: () => getEnv().AUTH_RATE_LIMIT_PER_MINUTE, windowSeconds: 60, strict: true },
  },
  async ({ db, body }) => ({ user: serializeUser(await registerUser(db, body)) }),
);

export const tokenHandler = route(
  {
    doc: {
      method: "POST",
      path: "/api/v1/auth/token",
      example: { body: { email: "ada@example.test", password: "correct horse battery" } },
      tag: "Accounts",
      summary: "Get a bearer token",
      description: "Send it as `Authorization: Bearer <token>`. Tokens expire after 7 days.",
      response: tokenResponse,
      // Throttled like sign-in, inside the function.
      errors: ["invalid_input", "unauthenticated", "rate_limited", "unavailable"],
    },
    auth: "none",
    body: tokenBody,
  },
  async ({ db, body, ip }) => {
    await throttleSignIn({ ip, email: body.email });
    const user = await authenticate(db, body.email, body.password);
    if (!user) throw unauthenticated("The email or password is incorrect.");
    const { id, token, expiresAt } = await createApiToken(db, user);
    return { token, id, expires_at: isoInstant(expiresAt) };
  },
);

// Checks a password, so limited like sign-in.
export const changePasswordHandler = route(
  {
    doc: {
      method: "POST",
      path: "/api/v1/auth/password",
      example: { body: { current_password: "correct horse battery", new_password: "another horse battery" } },
      tag: "Accounts",
      summary: "Change your password",
      description:
        "`current_password` must be right (an account made by a sign-in link, which has none, may omit it); `new_password` follows the sign-up rules. Ends every session and revokes every token, this one included. 204 on success.",
      errors: ["invalid_input", "unauthenticated", "rate_limited", "unavailable"],
    },
    auth: "signed_in",
    body: changePasswordBody,
    status: 204,
  },
  async ({ db, principal, body, ip }) => {
    await throttleSignIn({ ip, email: principal.email });
    await changePassword(db, principal.userId, { currentPassword: body.current_password, newPassword: body.new_password });
    return null;
  },
);

/** The id of the bearer token a request carries, if it carries one. */
async function currentTokenId(req: Request): Promise<string | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return match ? ((await verifyApiToken(match[1]!))?.tokenId ?? null) : null;
}

export const listTokensHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/auth/tokens",
    tag: "Accounts",
    summary: "List your bearer tokens",
    description: "The caller's tokens that still work (not revoked, not expired), newest first. Signing out or changing the password revokes them all.",
    response: apiTokenListResponse,
    errors: ["unauthenticated", "unavailable"],
  },
  auth: "signed_in",
}, async ({ db, principal, req }) => {
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

export const revokeTokenHandler = route({
  doc: {
    method: "DELETE",
    path: "/api/v1/auth/tokens/{id}",
    tag: "Accounts",
    summary: "Revoke a bearer token",
    description: "Works at once: the token is refused with 401 from then on. Another user's token is 404. 204 on success.",
    errors: ["unauthenticated", "not_found", "unavailable"],
  },
  auth: "signed_in",
  params: idParams,
  status: 204,
}, async ({ db, principal, params }) => {
  await revokeApiToken(db, principal.userId, params.id);
  return null;
});
