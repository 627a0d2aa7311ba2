import { expect } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { DomainError } from "@/lib/errors";

/** Awaits `p`, expects it to reject with a DomainError of `code`, and returns that error. */
export async function expectCode(p: Promise<unknown>, code: string): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  return e as DomainError;
}

/** The signed-in principal of a user row, as the session resolver would build it. */
export const principalOf = (u: { id: string; email: string; name: string | null }): Principal => ({
  userId: u.id,
  email: u.email,
  name: u.name,
});
