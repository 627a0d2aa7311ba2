import { expect } from "vitest";
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

export { principalOf } from "./fixtures";
