import { z } from "zod";
import { instant, localDate, localTime, optionalEmail, optionalText, partySize, phone, requiredText, uuid } from "@/lib/contract/common";

/**
 * The large-party contract: a group bigger than a restaurant books online asks it for a table, and
 * the restaurant accepts (a confirmed booking at a time and table staff choose) or declines with a
 * message. Used by the request form, the book's buttons, the server actions and the services.
 * Client-safe.
 */

/** A group's request: when, how many, who, and how to answer them (an email, a phone, or both). */
export const partyRequestSchema = z
  .object({
    date: localDate,
    time: localTime,
    partySize,
    name: requiredText(120, { message: "Enter the name the request is under." }),
    email: optionalEmail,
    phone,
    notes: optionalText(1000, { multiline: true }),
  })
  .refine((v) => !!v.email || !!v.phone, { message: "Give an email address or a phone number, so the restaurant can answer.", path: ["email"] });

export type PartyRequestInput = z.input<typeof partyRequestSchema>;

/** Whether a party size goes through a request rather than online booking. */
export const needsRequest = (partySize: number, maxPartySize: number) => partySize > maxPartySize;

/** Accepting: the booking's instant and (optionally) the table, as for a phone booking. */
export const acceptPartyRequestSchema = z.object({
  requestId: uuid,
  startsAt: instant,
  tableId: uuid.nullish(),
});

export type AcceptPartyRequest = z.output<typeof acceptPartyRequestSchema>;

/** Declining, with the message the group receives. */
export const declinePartyRequestSchema = z.object({
  requestId: uuid,
  message: requiredText(1000, { multiline: true, message: "Say why, or what you can offer instead." }),
});
