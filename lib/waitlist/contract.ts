import { z } from "zod";
import { localDate, localTime, optionalEmail, partySize, phone } from "@/lib/contract/common";

/**
 * The waitlist contract ("notify me"): a diner asks for a table on a local date, for a party,
 * seating between two local times. Client-safe.
 */
export const joinWaitlistSchema = z
  .object({
    date: localDate,
    partySize,
    fromTime: localTime,
    toTime: localTime,
    /** Required without an account (the offer is sent there); an account's address otherwise. */
    email: optionalEmail,
    phone,
  })
  .refine((v) => v.toTime >= v.fromTime, { message: "Must not be earlier than from_time.", path: ["toTime"] });

export type JoinWaitlistInput = z.input<typeof joinWaitlistSchema>;
