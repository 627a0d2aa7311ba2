import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

// No 0/O, 1/I/L, U: codes are read aloud over the phone.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A short human code such as `K7M3QX2` (30^7 ≈ 2·10^10; uniqueness is enforced by an index). */
export function newReservationCode(): string {
  let out = "";
  for (let i = 0; i < 7; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** A guest's manage token: 256 random bits, shown once; only its hash is stored. */
export function newManageToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashManageToken(token) };
}

export function hashManageToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time comparison of a presented token with a stored hash. */
export function manageTokenMatches(presented: string | null | undefined, storedHash: string | null): boolean {
  if (!presented || !storedHash) return false;
  const a = Buffer.from(hashManageToken(presented), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
