import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { getDevMailboxOverview } from "@/lib/notifications/dev-mailbox";
import { runSweeperAction } from "./actions";
import { requireDevTools } from "./guard";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false, follow: false } };

const STATUS_HINT: Record<string, string> = {
  pending: "waiting to be sent",
  sending: "being sent",
  sent: "sent",
  failed: "failed (retries with backoff, then gives up)",
  skipped: "not sent: no longer relevant",
};

const KIND_LABEL: Record<string, string> = {
  confirmation: "Confirmation",
  reminder: "Reminder",
  cancellation: "Cancellation",
  hold_expired: "Hold expired",
  updated: "Booking changed",
  waitlist_offer: "Waitlist offer",
  review_request: "Review request",
};

function when(d: Date | null): string {
  return d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—";
}

function count(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(n) ? n : 0;
}

export default async function MailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  await requireDevTools();
  const params = await searchParams;
  const { outbox, others, delivery, inngest, smsDelivery } = await getDevMailboxOverview();

  return (
    <div className="stack">
      <h1>Development mailbox</h1>
      <p className="muted">
        Every message the app has queued, newest first.{" "}
        {delivery === "resend"
          ? "RESEND_API_KEY is set, so messages go to Resend and only their status shows here."
          : "No RESEND_API_KEY is set, so messages are delivered here instead of by email."}{" "}
        {smsDelivery === "twilio"
          ? "Twilio is configured: diners who opted in also get texts, listed here as SMS rows with Twilio's message id."
          : "Twilio is not configured, so the texts diners opted in to land here too, marked SMS, with their number and body."}{" "}
        {inngest
          ? "Inngest is configured: its cron runs the sweeper every minute."
          : "Inngest is not configured: new messages are sent right after the booking, and the app runs the sweeper every minute for reminders, retries and hold expiry. The button runs it now."}
      </p>

      <form action={runSweeperAction}>
        <Button type="submit">
          Run the sweeper now
        </Button>
      </form>

      {params.swept ? (
        <Alert variant="success" as="p" role="status">
          Sweeper ran: {count(params.sent)} sent, {count(params.skipped)} skipped, {count(params.failed)} failed,{" "}
          {count(params.expired)} stale holds expired.
        </Alert>
      ) : null}

      <section aria-labelledby="outbox-heading" className="stack">
        <h2 id="outbox-heading">Outbox</h2>
        {outbox.length === 0 ? (
          <p className="muted">No messages yet. Confirm a reservation with an email address to see one here.</p>
        ) : (
          <div style={{ overflowX: "auto" }}>
            <table style={{ minWidth: "44rem" }}>
              <thead>
                <tr>
                  <th scope="col">Message</th>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {outbox.map((m) => (
                  <tr key={m.notificationId} data-testid="outbox-row" data-status={m.status} data-kind={m.kind} data-channel={m.channel}>
                    <td>
                      {m.channel === "sms" ? (
                        <Badge style={{ marginRight: "0.5rem" }}>
                          SMS
                        </Badge>
                      ) : null}
                      {m.smsBody !== null ? (
                        <Link href={`/dev/mailbox/${m.messageId}`}>Text: {KIND_LABEL[m.kind] ?? m.kind}</Link>
                      ) : m.messageId ? (
                        <Link href={`/dev/mailbox/${m.messageId}`}>{m.subject ?? KIND_LABEL[m.kind]}</Link>
                      ) : (
                        <span>{KIND_LABEL[m.kind] ?? m.kind}</span>
                      )}
                      <div className="muted" style={{ fontSize: "0.85rem" }}>
                        {m.messageId ? `${KIND_LABEL[m.kind] ?? m.kind} · ` : ""}
                        {m.restaurantName} · {m.reservationCode}
                      </div>
                      {m.smsBody !== null ? (
                        <p data-testid="sms-body" style={{ margin: "0.25rem 0 0", whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                          {m.smsBody}
                        </p>
                      ) : null}
                    </td>
                    <td>{m.channel === "sms" ? `SMS to ${m.to}` : m.to}</td>
                    <td>
                      <Badge title={STATUS_HINT[m.status]}>
                        {m.status}
                      </Badge>
                      {m.attempts > 0 ? (
                        <div className="muted" style={{ fontSize: "0.85rem" }}>
                          {m.attempts} {m.attempts === 1 ? "attempt" : "attempts"}
                        </div>
                      ) : null}
                      {m.lastError ? (
                        <div className="muted" style={{ fontSize: "0.85rem" }}>
                          {m.lastError}
                        </div>
                      ) : null}
                    </td>
                    <td>{when(m.sendAfter)}</td>
                    <td>{when(m.sentAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {others.length > 0 ? (
        <section aria-labelledby="other-heading" className="stack">
          <h2 id="other-heading">Other messages</h2>
          <ul>
            {others.map((m) => (
              <li key={m.id}>
                <Link href={`/dev/mailbox/${m.id}`}>{m.channel === "sms" ? "Text message" : m.subject}</Link> to {m.channel === "sms" ? "SMS " : ""}
                {m.toAddresses.join(", ")} · {when(m.createdAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
