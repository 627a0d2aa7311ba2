import { createHash, createHmac, hkdfSync } from "node:crypto";
import { requireSetting } from "@/lib/env";

/**
 * An invite's link token, derived from the invite's id and revision with a key from AUTH_SECRET.
 * Only its hash is stored, yet the outbox can render the same link on every attempt (and only the
 * newest revision's link matches the stored hash), so no secret waits in the outbox for the sender.
 */
let cachedKey: { secret: string; key: Buffer } | null = null;

function key(): Buffer {
  const secret = requireSetting("AUTH_SECRET");
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tablekeep", "team invite v1", 32)) };
  }
  return cachedKey.key;
}

export function inviteToken(inviteId: string, revision: number): string {
  return createHmac("sha256", key()).update(`${inviteId}.${revision}`).digest("base64url");
}

export const hashInviteToken = (token: string) => createHash("sha256").update(token).digest("hex");
