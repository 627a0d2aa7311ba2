import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { seal, unseal } from "@/lib/idempotency/seal";
import { DomainError, invalidInput } from "@/lib/errors";

/**
 * Idempotency-Key for writes: the same key and body from the same caller within 24 h returns the
 * first response; the same key with another body is 409 conflict. A key is claimed by inserting its
 * row before the work runs, so two concurrent requests with one key never both run; the loser gets
 * 409 "in progress" and may retry. The work's own transaction marks the key done
 * (lib/idempotency/effect.ts), so a request that failed before its work committed releases the key
 * for a retry, and one whose work committed keeps it: the retry gets the answer, not a second booking.
 * A claim with neither a response nor a committed effect after 30 s belonged to a request that died.
 */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A claim with no response after this long belongs to a request that died; it may be taken over. */
const ABANDONED_AFTER_SECONDS = 30;

export function readIdempotencyKey(req: Request): string | null {
  const raw = req.headers.get("idempotency-key");
  if (raw === null) return null;
  const key = raw.trim();
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalidInput("Idempotency-Key must be 1 to 255 visible ASCII characters.", {
      "idempotency-key": ["Must be 1 to 255 visible ASCII characters."],
    });
  }
  return key;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n${canonicalJson(body)}`).digest("hex");
}

export type IdempotencyClaim =
  | { kind: "claimed" }
  | { kind: "replay"; status: number; bodyText: string }
  /** The work committed (its transaction marked the key) but no response was stored: answer from it. */
  | { kind: "done"; resourceId: string; secret: string | null };

export async function claimIdempotencyKey(
  db: DbOrTx,
  input: { scope: string; key: string; route: string; requestHash: string },
): Promise<IdempotencyClaim> {
  // Insert, or take over a row past its 24 h life (or abandoned mid-flight); otherwise leave it be.
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ scope: input.scope, key: input.key, route: input.route, requestHash: input.requestHash })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        route: input.route,
        requestHash: input.requestHash,
        responseStatus: null,
        responseBody: null,
        resourceId: null,
        resourceSecret: null,
        createdAt: sql`now()`,
      },
      setWhere: sql`${idempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
        or (${idempotencyKeys.responseStatus} is null and ${idempotencyKeys.resourceId} is null
            and ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS}))`,
    })
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return { kind: "claimed" };

  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, input.scope), eq(idempotencyKeys.key, input.key)))
    .limit(1);
  // Released between our insert and select: claim again once (rare, and never loops).
  if (!row) {
    const again = await claimIdempotencyKey(db, input).catch(() => null);
    if (again) return again;
    throw new DomainError("conflict", "This Idempotency-Key is being used by another request; retry shortly.", { retryAfter: 1 });
  }
  if (row.requestHash !== input.requestHash) {
    throw new DomainError("conflict", "This Idempotency-Key was already used with a different request.", {
      fields: { "idempotency-key": ["Already used with a different request body or path."] },
    });
  }
  if (row.responseStatus === null && row.resourceId !== null) {
    return { kind: "done", resourceId: row.resourceId, secret: row.resourceSecret ? unseal(row.resourceSecret) : null };
  }
  if (row.responseStatus === null) {
    throw new DomainError("conflict", "A request with this Idempotency-Key is still in progress; retry shortly.", {
      retryAfter: 1,
    });
  }
  const body = row.responseBody;
  return { kind: "replay", status: row.responseStatus, bodyText: openSecrets(typeof body === "string" ? body : JSON.stringify(body)) };
}

/** Stores the response verbatim (as a JSON string) so a replay is byte-for-byte the first answer. */
export async function completeIdempotencyKey(
  db: DbOrTx,
  input: { scope: string; key: string; requestHash: string; status: number; bodyText: string },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ responseStatus: input.status, responseBody: sealSecrets(input.bodyText) })
    .where(
      and(
        eq(idempotencyKeys.scope, input.scope),
        eq(idempotencyKeys.key, input.key),
        eq(idempotencyKeys.requestHash, input.requestHash),
      ),
    );
}

export async function releaseIdempotencyKey(db: DbOrTx, input: { scope: string; key: string; requestHash: string }): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, input.scope),
        eq(idempotencyKeys.key, input.key),
        eq(idempotencyKeys.requestHash, input.requestHash),
        isNull(idempotencyKeys.responseStatus),
        // The work committed: keep the key, so a retry answers from it rather than doing it again.
        isNull(idempotencyKeys.resourceId),
      ),
    );
}

/**
 * A stored response may carry a secret (a guest's manage token). At rest it is sealed, so the
 * idempotency table never holds it in clear; a replay (to the same caller only: keys are scoped per
 * account or trusted address) opens it again.
 */
const SECRET_FIELDS = ["manage_token"] as const;
const SEALED = "$sealed";

export function sealSecrets(bodyText: string): string {
  if (!SECRET_FIELDS.some((f) => bodyText.includes(`"${f}"`))) return bodyText;
  const body = JSON.parse(bodyText) as Record<string, unknown>;
  for (const field of SECRET_FIELDS) {
    const value = body[field];
    if (typeof value === "string") body[field] = { [SEALED]: seal(value) };
  }
  return JSON.stringify(body);
}

export function openSecrets(bodyText: string): string {
  if (!bodyText.includes(SEALED)) return bodyText;
  const body = JSON.parse(bodyText) as Record<string, unknown>;
  for (const field of SECRET_FIELDS) {
    const value = body[field] as Record<string, unknown> | undefined;
    if (value && typeof value === "object" && typeof value[SEALED] === "string") body[field] = unseal(value[SEALED]);
  }
  return JSON.stringify(body);
}
