import { z } from "zod";
import { localDate, localTime, optionalEmail, partySize, phone, smsNeedsMobile, smsOptIn } from "@/lib/contract/common";

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
    /** The offer may be texted to `phone` as well as emailed. */
    smsOptIn,
  })
  .refine((v) => v.toTime >= v.fromTime, { message: "Must not be earlier than from_time.", path: ["toTime"] })
  .superRefine(smsNeedsMobile);

export type JoinWaitlistInput = z.input<typeof joinWaitlistSchema>;
