import type { Principal } from "@/lib/auth/principal";

/**
 * Next's request scope for server actions called from tests, where no request exists:
 *
 *   vi.mock("next/headers", () => import("@/lib/testing/next-request"));
 *   vi.mock("next/cache", () => import("@/lib/testing/next-request"));
 *   vi.mock("@/lib/auth/resolve", async (real) => (await import("@/lib/testing/next-request")).withStandInSession(await real()));
 *
 * `headers()` has a client address, `cookies()` is one jar per test file (reset with `resetCookies`),
 * refreshing and revalidating do nothing, and the signed-in principal is `standInSession.principal`.
 */
const jar = new Map<string, string>();

export function resetCookies(): void {
  jar.clear();
}

export async function headers(): Promise<Headers> {
  return new Headers({ "x-forwarded-for": "10.9.9.9" });
}

export async function cookies() {
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  };
}

export function refresh(): void {}

export function revalidatePath(): void {}

/** Who the actions' session says is signed in (null: nobody). */
export const standInSession: { principal: Principal | null } = { principal: null };

/** The session resolver with its session stood in for by `standInSession`; the rest is the real one. */
export function withStandInSession<T extends object>(resolve: T): T {
  return { ...resolve, getSessionPrincipal: async () => standInSession.principal };
}
