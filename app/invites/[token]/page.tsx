import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { AcceptInvite } from "@/components/owner/accept-invite";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { isDomainError } from "@/lib/errors";
import { getInvite, type InviteView } from "@/lib/restaurants/staff";
import "../../manage/manage.css";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

// The token is in the address: never send it to another site as a referrer, never index it.
export const metadata: Metadata = { title: "Team invite", referrer: "no-referrer", robots: { index: false, follow: false } };

const ROLE_WORDS = { owner: "an owner", manager: "a manager", host: "a host" } as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invite: InviteView | null = null;
  try {
    invite = await getInvite(getDb(), token);
  } catch (e) {
    if (!isDomainError(e) || e.code !== "not_found") throw e;
  }
  if (!invite) {
    return (
      <Card className="status-page">
        <h1>Invite not found</h1>
        <p>This invite link is not valid. It may have been replaced by a newer one, or revoked. Ask the owner to send a new link.</p>
      </Card>
    );
  }
  const principal = await getSessionPrincipal();
  const back = `/invites/${encodeURIComponent(token)}`;
  const sameEmail = principal?.email.toLowerCase() === invite.email.toLowerCase();
  return (
    <Card className="status-page owner-invite">
      <p className="eyebrow">Team invite</p>
      <h1>{invite.restaurant.name}</h1>
      <p>
        You are invited to join as {ROLE_WORDS[invite.role]}, with the email address <strong>{invite.email}</strong>.
      </p>
      {invite.state === "expired" ? (
        <Alert variant="warning" as="p">This invite has expired. Ask the owner for a new one.</Alert>
      ) : invite.state === "accepted" ? (
        <Alert as="p">
          This invite has been used.{" "}
          {sameEmail ? <Link href={`/manage/${invite.restaurant.slug}`}>Open the workspace</Link> : null}
        </Alert>
      ) : !principal ? (
        <p className="cluster" style={{ justifyContent: "center" }}>
          <Link className={buttonClass("primary")} href={`/signin?next=${encodeURIComponent(back)}`}>
            Sign in to accept
          </Link>
          <Link className={buttonClass("secondary")} href={`/signup?next=${encodeURIComponent(back)}`}>
            Create an account
          </Link>
        </p>
      ) : !sameEmail ? (
        <Alert variant="warning" as="p">
          You are signed in as {principal.email}. Sign out and sign in as {invite.email} to accept this invite.
        </Alert>
      ) : (
        <AcceptInvite token={token} restaurantName={invite.restaurant.name} />
      )}
    </Card>
  );
}
