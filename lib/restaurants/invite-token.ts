import { createHash, createHmac } from "node:crypto";
import { derivedKey } from "@/lib/security/derived-key";

/**
 * An invite's link token, derived from the invite's id and revision with a key from AUTH_SECRET.
 * Only its hash is stored, yet the outbox can render the same link on every attempt (and only the
 * newest revision's link matches the stored hash), so no secret waits in the outbox for the sender.
 */
export function inviteToken(inviteId: string, revision: number): string {
  return createHmac("sha256", derivedKey("team invite v1")).update(`${inviteId}.${revision}`).digest("base64url");
}

export const hashInviteToken = (token: string) => createHash("sha256").update(token).digest("hex");
