/**
 * Next's request scope for server actions called from tests, where no request exists:
 *
 *   vi.mock("next/headers", () => import("@/lib/testing/next-request"));
 *
 * `headers()` has a client address, `cookies()` is one jar per test file (reset with `resetCookies`).
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
