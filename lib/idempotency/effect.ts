import { AsyncLocalStorage } from "node:async_hooks";
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { seal } from "./seal";

/**
 * Idempotency committed with the effect. A request that carries an Idempotency-Key runs inside
 * `withIdempotencyKey`; the service's own transaction calls `recordEffect`, which marks the key's
 * row with the resource it made in that same transaction. So the key is done exactly when the work
 * is: a crash or a lost connection after the commit leaves a row that says so, and the retry answers
 * from the resource instead of doing the work again. The update also locks the key's row: two
 * attempts with one key (a retry taking over an abandoned claim) cannot both commit an effect.
 */
export interface IdempotencyKeyRef {
  scope: string;
  key: string;
  requestHash: string;
}

const current = new AsyncLocalStorage<IdempotencyKeyRef>();

export function withIdempotencyKey<T>(ref: IdempotencyKeyRef, fn: () => Promise<T>): Promise<T> {
  return current.run(ref, fn);
}

/** Whether this request carries an Idempotency-Key (its effect must then be recorded in its transaction). */
export function hasIdempotencyKey(): boolean {
  return current.getStore() !== undefined;
}

export async function recordEffect(tx: Tx, resource: { id: string; secret?: string | null }): Promise<void> {
  const ref = current.getStore();
  if (!ref) return;
  const marked = await tx
    .update(idempotencyKeys)
    .set({ resourceId: resource.id, resourceSecret: resource.secret ? seal(resource.secret) : null })
    .where(
      and(
        eq(idempotencyKeys.scope, ref.scope),
        eq(idempotencyKeys.key, ref.key),
        eq(idempotencyKeys.requestHash, ref.requestHash),
        isNull(idempotencyKeys.resourceId),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (marked.length === 0) {
    // Another attempt with this key committed first (or the claim is gone): undo this one.
    throw new DomainError("conflict", "A request with this Idempotency-Key has already been carried out; retry to get its answer.", {
      retryAfter: 1,
    });
  }
}
