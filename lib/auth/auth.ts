import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { authenticate } from "@/lib/auth/users";
import { getEnv } from "@/lib/env";

/**
 * Auth.js for the browser: email + password (Credentials), JWT sessions (Credentials cannot use
 * database sessions). Route handlers do not call this: lib/auth/resolve.ts decodes the same cookie.
 * Pages and server actions use `auth()` or `getSessionPrincipal()`.
 */

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getEnv().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt" },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password || password.length > 200) return null;
        const user = await authenticate(getDb(), email, password);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.id = user.id;
      return token;
    },
    session({ session, token }) {
      const id = typeof token.id === "string" ? token.id : token.sub;
      if (id) session.user.id = id;
      return session;
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
}));
