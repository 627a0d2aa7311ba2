import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { smsOptOuts } from "@/db/schema";

/**
 * Keywords carriers and Twilio treat as opting out of, or back into, texts from a sender
 * (Twilio's default Advanced Opt-Out list). Matched on the whole message, case-insensitive.
 */
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]);
const START_WORDS = new Set(["START", "UNSTOP", "YES", "OPTIN"]);

export type InboundIntent = "stop" | "start" | null;

/** What an inbound text asks for: Twilio's own OptOutType when it sent one, else the keyword. */
export function inboundIntent(body: string | undefined, optOutType: string | undefined): InboundIntent {
  const type = optOutType?.trim().toUpperCase();
  if (type === "STOP") return "stop";
  if (type === "START") return "start";
  const word = (body ?? "").trim().replace(/[.!]+$/, "").toUpperCase();
  if (STOP_WORDS.has(word)) return "stop";
  if (START_WORDS.has(word)) return "start";
  return null;
}

export async function recordOptOut(db: DbOrTx, phone: string, reason: string): Promise<void> {
  await db.insert(smsOptOuts).values({ phone, reason: reason.slice(0, 100) }).onConflictDoNothing();
}

export async function clearOptOut(db: DbOrTx, phone: string): Promise<void> {
  await db.delete(smsOptOuts).where(eq(smsOptOuts.phone, phone));
}

export async function isOptedOut(db: DbOrTx, phone: string): Promise<boolean> {
  const rows = await db.select({ phone: smsOptOuts.phone }).from(smsOptOuts).where(eq(smsOptOuts.phone, phone)).limit(1);
  return rows.length > 0;
}
