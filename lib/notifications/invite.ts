import { createElement } from "react";
import { eq } from "drizzle-orm";
import TeamInvite, { teamInviteSubject } from "@/components/emails/team-invite";
import type { DbOrTx } from "@/db/client";
import { restaurantInvites, restaurants, users, type Notification } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { INVITE_TTL_DAYS, inviteToken } from "@/lib/restaurants/staff";
import { renderedEmail, type PreparedEmail } from "./account";

/** The provider's Idempotency-Key for an invite's email: one per invite and link (revision). */
export function inviteIdempotencyKey(row: Pick<Notification, "inviteId" | "revision">): string {
  return `invite-${row.inviteId}-${row.revision}`;
}

/** The join link an invite email carries; fixed by the row, so every attempt renders the same message. */
export function inviteLinkFor(row: Pick<Notification, "inviteId" | "revision">): string {
  return `${appUrl().replace(/\/+$/, "")}/invites/${inviteToken(row.inviteId!, row.revision)}`;
}

/** Builds a team invite's email for its row, or says why it should no longer go out. */
export async function prepareInviteEmail(db: DbOrTx, row: Notification, now: Date = new Date()): Promise<PreparedEmail> {
  if (!row.inviteId || !row.toEmail) return { skip: "The message names no invite." };
  const [found] = await db
    .select({ invite: restaurantInvites, restaurantName: restaurants.name, invitedBy: users.name })
    .from(restaurantInvites)
    .innerJoin(restaurants, eq(restaurants.id, restaurantInvites.restaurantId))
    .leftJoin(users, eq(users.id, restaurantInvites.invitedBy))
    .where(eq(restaurantInvites.id, row.inviteId))
    .limit(1);
  if (!found) return { skip: "The invite was revoked." };
  const { invite } = found;
  if (invite.acceptedAt) return { skip: "The invite has been accepted." };
  if (invite.revision !== row.revision) return { skip: "A newer link replaced this one." };
  const expiresAt = new Date(invite.issuedAt.getTime() + INVITE_TTL_DAYS * 86_400_000);
  if (expiresAt <= now) return { skip: "The invite has expired." };

  const element = createElement(TeamInvite, {
    restaurantName: found.restaurantName,
    role: invite.role,
    invitedBy: found.invitedBy,
    email: invite.email,
    joinUrl: inviteLinkFor(row),
    expiresOn: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(expiresAt),
  });
  return { send: await renderedEmail(row, invite.email, teamInviteSubject(found.restaurantName), element) };
}
