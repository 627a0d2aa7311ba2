import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDevMailboxMessage } from "@/lib/notifications/dev-mailbox";
import { requireDevTools } from "../guard";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Message · development mailbox", robots: { index: false, follow: false } };

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  await requireDevTools(`/dev/mailbox/${encodeURIComponent(id)}`);
  const message = await getDevMailboxMessage(id);
  if (!message) notFound();

  return (
    <div className="stack">
      <p>
        <Link href="/dev/mailbox">← All messages</Link>
      </p>
      <h1>{message.channel === "sms" ? "Text message" : message.subject}</h1>
      <Card as="dl" style={{ display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", gap: "0.25rem 1rem", margin: 0, overflowWrap: "anywhere" }}>
        <dt>From</dt>
        <dd style={{ margin: 0 }}>{message.fromAddress}</dd>
        <dt>{message.channel === "sms" ? "To (SMS)" : "To"}</dt>
        <dd style={{ margin: 0 }}>{message.toAddresses.join(", ")}</dd>
        <dt>Received</dt>
        <dd style={{ margin: 0 }}>{message.createdAt.toISOString()}</dd>
        {message.notification ? (
          <>
            <dt>Status</dt>
            <dd style={{ margin: 0 }}>
              <Badge>{message.notification.status}</Badge> ({message.notification.kind}, {message.notification.attempts}{" "}
              {message.notification.attempts === 1 ? "attempt" : "attempts"})
            </dd>
          </>
        ) : null}
        <dt>Idempotency key</dt>
        <dd style={{ margin: 0 }}>
          <code>{message.idempotencyKey ?? "—"}</code>
        </dd>
      </Card>

      {message.channel === "sms" ? (
        <section aria-labelledby="sms-heading" className="stack">
          <h2 id="sms-heading">Text</h2>
          <Card as="pre" data-testid="sms-body" style={{ whiteSpace: "pre-wrap", overflowX: "auto" }}>
            {message.text ?? ""}
          </Card>
        </section>
      ) : (
        <>
        <section aria-labelledby="html-heading" className="stack">
          <h2 id="html-heading">HTML</h2>
          {/* Sandboxed: the message is shown as a mail client would, without running anything in this page. */}
          <iframe
            title={`HTML part of “${message.subject}”`}
            srcDoc={message.html}
            sandbox=""
            style={{ width: "100%", minHeight: "40rem", border: "1px solid var(--color-border)", borderRadius: "8px", background: "#fff" }}
          />
        </section>

        <section aria-labelledby="text-heading" className="stack">
          <h2 id="text-heading">Plain text</h2>
          <Card as="pre" style={{ whiteSpace: "pre-wrap", overflowX: "auto" }}>
            {message.text ?? "(none)"}
          </Card>
        </section>
        </>
      )}

      {message.attachments.length > 0 ? (
        <section aria-labelledby="attachments-heading" className="stack">
          <h2 id="attachments-heading">Attachments</h2>
          {message.attachments.map((a) => (
            <div key={a.filename} className="stack">
              <h3>
                {a.filename} <span className="muted">{a.contentType}</span>
              </h3>
              {a.content ? (
                <Card as="pre" style={{ whiteSpace: "pre-wrap", overflowX: "auto", fontSize: "0.85rem" }}>
                  {a.content}
                </Card>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}
    </div>
  );
}
