import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { sql } from "drizzle-orm";
import NextAuth, { CredentialsSignin, type DefaultSession, type NextAuthConfig } from "next-auth";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import Credentials from "next-auth/providers/credentials";
import Resend from "next-auth/providers/resend";
import { accounts, authSessions, users, verificationTokens } from "@/db/schema";
import { getDb } from "@/db/client";
import { clientAddress } from "@/lib/api/request";
import { throttleSignIn } from "@/lib/auth/throttle";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { sessionVersionOf } from "@/lib/auth/resolve";
import { authenticate, claimUnverifiedAccount, revokeAllSessions, sessionState } from "@/lib/auth/users";
import { adoptGuestBookings } from "@/lib/auth/guest-bookings";
import { appUrl, getEnv, type Env } from "@/lib/env";
import { DomainError, toDomainError } from "@/lib/errors";

/**
 * Auth.js for the browser: email + password (Credentials), and a magic link by email (Resend) when
 * RESEND_API_KEY is set. Sessions stay JWT (Credentials cannot use database sessions); the adapter
 * only stores users and verification tokens for the link. Route handlers do not call this:
 * lib/auth/resolve.ts decodes the same cookie. Pages and server actions use `auth()` or
 * `getSessionPrincipal()`.
 */

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

/**
 * A password sign-in refused because the address or the account has tried too often. Thrown from
 * `authorize`, so Auth.js's own callback endpoint is limited exactly like the sign-in form: over
 * HTTP it becomes a redirect to /signin?error=CredentialsSignin&code=rate_limited, without a session.
 */
export class SignInThrottled extends CredentialsSignin {
  code = "rate_limited";
}

/** Runs a throttle, turning its refusal into the Auth.js error that refuses the sign-in. */
async function throttled(check: Promise<void>, refusal: () => Error): Promise<void> {
  try {
    await check;
  } catch (e) {
    if (e instanceof DomainError && e.code === "rate_limited") throw refusal();
    throw e;
  }
}

/** True when sign-in links can be emailed; the sign-in page shows the link form only then. */
export function isMagicLinkEnabled(): boolean {
  return getEnv().RESEND_API_KEY !== undefined;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Auth.js's own Resend provider always posts to api.resend.com; this one honours RESEND_BASE_URL so
 * a local stand-in can receive the link in tests.
 */
function resendProvider(env: Env, apiKey: string) {
  const baseUrl = (env.RESEND_BASE_URL ?? "https://api.resend.com").replace(/\/+$/, "");
  return Resend({
    apiKey,
    from: env.EMAIL_FROM,
    maxAge: 60 * 60,
    // Throttled before Auth.js is reached (the form's action, and lib/auth/routes.ts for its
    // endpoint): a rejection from in here can surface as an unhandled one inside Auth.js.
    async sendVerificationRequest({ identifier, url, provider }) {
      const res = await fetch(`${baseUrl}/emails`, {
        method: "POST",
        headers: { authorization: `Bearer ${provider.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          from: provider.from,
          to: [identifier],
          subject: "Your Tablekeep sign-in link",
          html: `<p>Click the link below to sign in to Tablekeep. It works once, within an hour.</p><p><a href="${escapeHtml(url)}">Sign in to Tablekeep</a></p><p>If you did not ask for this, you can ignore this email.</p>`,
          text: `Sign in to Tablekeep (the link works once, within an hour):\n${url}\n\nIf you did not ask for this, you can ignore this email.\n`,
        }),
      });
      // Auth.js turns this into an error page / refused sign-in; the body says why, for the logs.
      if (!res.ok) throw new Error(`Resend refused the sign-in email (${res.status}): ${(await res.text()).slice(0, 300)}`);
    },
  });
}

/**
 * The Drizzle adapter, with the email lookup made case-insensitive to match the unique index on
 * lower(email) (accounts made with a password may predate lower-casing elsewhere).
 */
function adapter(): Adapter {
  const db = getDb();
  const base = DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: authSessions, verificationTokensTable: verificationTokens });
  return {
      ...base,
      async getUserByEmail(email) {
        const [row] = await db
          .select({ id: users.id, email: users.email, name: users.name, image: users.image, emailVerified: users.emailVerified })
          .from(users)
          .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
          .limit(1);
        return (row as AdapterUser | undefined) ?? null;
      },
    };
  }

function magicLinkConfig(env: Env): Pick<NextAuthConfig, "adapter" | "providers"> {
    if (!env.RESEND_API_KEY) return { providers: [] };
    return { adapter: adapter(), providers: [resendProvider(env, env.RESEND_API_KEY)] };
  }

  export const { handlers, auth, signIn, signOut } = NextAuth(() => {
    const env = getEnv();
    const magic = magicLinkConfig(env);
    return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    // JWT even with the adapter: Credentials cannot use database sessions.
    session: { strategy: "jwt" },
    // Auth.js's own pages are not served (lib/auth/routes.ts); its redirects land on ours.
    pages: { signIn: "/signin", error: "/signin", verifyRequest: "/signin" },
    adapter: magic.adapter,
    providers: [
      ...(magic.providers ?? []),
      Credentials({
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        // Every password check in the app goes through here or POST /api/v1/auth/token, and both
        // are throttled per address and per account before the password is looked at.
        async authorize(credentials, request) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          if (!email || !password || password.length > 200) return null;
          await throttled(throttleSignIn({ ip: clientAddress(request.headers), email }), () => new SignInThrottled());
          const user = await authenticate(getDb(), email, password);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
    ],
    callbacks: {
      // Paths on this site only, kept relative: under `next start` the handler sees its request as
      // http://localhost:<port> whatever host the browser used, and an absolute redirect there
      // would land the browser on a host without its new session cookie.
      redirect({ url, baseUrl }) {
        return safeRedirectPath(url, [appUrl(), baseUrl]);
      },
      // A sign-in link into an account whose address was never confirmed takes the account from
      // whoever registered it: its password and every session and token end before this one starts.
      async signIn({ user, account, email }) {
        if (account?.provider === "resend" && !email?.verificationRequest && user.id) {
          await claimUnverifiedAccount(getDb(), user.id);
          // The link proved the address: bookings made with it as a guest are the account's now.
          if (user.email) await adoptGuestBookings(getDb(), user.id, user.email);
        }
        return true;
      },
      // Runs whenever a session is read: a session from before the user's last sign-out or password
      // change (or of a deleted user) is dropped, and Auth.js clears its cookie.
      async jwt({ token, user }) {
        const db = getDb();
        if (user?.id) {
          token.id = user.id;
          token.sv = (await sessionState(db, user.id))?.sessionVersion ?? 0;
          return token;
        }
        const id = typeof token.id === "string" ? token.id : token.sub;
        let current;
        try {
          current = id ? await sessionState(db, id) : null;
        } catch (e) {
          // Postgres unreachable: Auth.js would clear the cookie and sign everyone out for a blip.
          // Keep the session; whatever the request then needs from the database fails on its own.
          if (toDomainError(e)?.code === "unavailable") return token;
          throw e;
        }
        if (!current || current.sessionVersion !== sessionVersionOf(token)) return null;
        return token;
      },
      session({ session, token }) {
        const id = typeof token.id === "string" ? token.id : token.sub;
        if (id) session.user.id = id;
        return session;
      },
    },
    events: {
      // Signing out ends this session and every other one, and the user's API tokens.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const id = typeof token?.id === "string" ? token.id : token?.sub;
        if (id) await revokeAllSessions(getDb(), id);
      },
    },
    logger: {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      error(error: Error) {
        if (error instanceof CredentialsSignin || error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
        console.error(`[auth] ${error.name}: ${error.message}`);
      },
      warn(code: string) {
        console.warn(`[auth] warning: ${code}`);
      },
      debug() {},
    },
  } satisfies NextAuthConfig;
});
