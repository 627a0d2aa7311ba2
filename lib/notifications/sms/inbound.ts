import twilio from "twilio";
import type { DbOrTx } from "@/db/client";
import { toE164 } from "@/lib/contract/phone";
import { twilioSettings } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { clearOptOut, inboundIntent, recordOptOut } from "./opt-out";

export type InboundOutcome = "opted_out" | "opted_in" | "ignored";

/**
 * A webhook from Twilio: an inbound message (From, Body, and OptOutType when Twilio's Advanced
 * Opt-Out recognised a keyword) or a message status callback (To, MessageStatus, ErrorCode). Its
 * X-Twilio-Signature is checked against the auth token, the URL Twilio was given and the form
 * parameters before anything is read; a forgery is refused and changes nothing.
 *
 * STOP (and Twilio's other opt-out words) puts the sender's number on the opt-out list, START takes
 * it off; a status callback with error 21610 (Twilio holds a STOP for the number) also opts it out.
 * Later texts to an opted-out number are skipped at send time, whichever reservation they are for.
 */
export async function handleTwilioWebhook(
  db: DbOrTx,
  input: { url: string; signature: string | null; params: Record<string, string> },
): Promise<InboundOutcome> {
  const settings = twilioSettings();
  if (!settings) throw new DomainError("not_found", "Text messages are not set up here.");
  if (!input.signature) throw new DomainError("forbidden", "Missing X-Twilio-Signature header.");
  if (!twilio.validateRequest(settings.authToken, input.signature, input.url, input.params)) {
    throw new DomainError("forbidden", "The webhook signature does not match.");
  }
  if (input.params.AccountSid !== undefined && input.params.AccountSid !== settings.accountSid) {
    throw new DomainError("forbidden", "The webhook is for another Twilio account.");
  }

  if (input.params.MessageStatus !== undefined || input.params.SmsStatus !== undefined) {
    const to = toE164(input.params.To);
    if (to && input.params.ErrorCode === "21610") {
      await recordOptOut(db, to, "provider:21610");
      return "opted_out";
    }
    if (input.params.Body === undefined) return "ignored";
  }

  const from = toE164(input.params.From);
  if (!from) return "ignored";
  switch (inboundIntent(input.params.Body, input.params.OptOutType)) {
    case "stop":
      await recordOptOut(db, from, (input.params.Body ?? "STOP").trim().toUpperCase());
      return "opted_out";
    case "start":
      await clearOptOut(db, from);
      return "opted_in";
    default:
      return "ignored";
  }
}
