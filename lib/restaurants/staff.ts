import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { notifications, restaurantInvites, restaurantMembers, restaurants, users, type MemberRole } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { DomainError, forbidden, notFound, unauthenticated } from "@/lib/errors";
import { publishEvents } from "@/lib/jobs/events";
import { DEFAULT_RETRY_POLICY } from "@/lib/notifications/claim";
import { requirePermission } from "@/lib/restaurants/access";
import { hashInviteToken, inviteToken } from "./invite-token";

export { hashInviteToken, inviteToken };

/** An invite link works for a week; after that the owner sends a new one. */
export const INVITE_TTL_DAYS = 7;
export const INVITABLE_ROLES = ["manager", "host"] as const satisfies readonly MemberRole[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface StaffMember {
  userId: string;
  name: string | null;
  email: string;
  role: MemberRole;
  since: Date;
}

/** Where the current link's email is: queued (or being sent), sent, failed for now, or given up on. */
export type InviteEmailState = "queued" | "sent" | "retrying" | "failed";

export interface PendingInvite {
  id: string;
  email: string;
  role: MemberRole;
  createdAt: Date;
  /** When the current link was issued (the invite, or its latest resend). */
  issuedAt: Date;
  expiresAt: Date;
  expired: boolean;
  /** How many times the link was sent again. */
  resends: number;
  emailState: InviteEmailState;
  emailSentAt: Date | null;
}

const expiryOf = (issuedAt: Date) => new Date(issuedAt.getTime() + INVITE_TTL_DAYS * 86_400_000);

type InviteRow = typeof restaurantInvites.$inferSelect;
type EmailRow = Pick<typeof notifications.$inferSelect, "status" | "sentAt" | "attempts">;

function emailStateOf(row: EmailRow | undefined): InviteEmailState {
  if (!row) return "queued";
  if (row.status === "sent") return "sent";
  if (row.status === "skipped") return "failed";
  if (row.status === "failed") return row.attempts >= DEFAULT_RETRY_POLICY.maxAttempts ? "failed" : "retrying";
  return "queued";
}

function pendingInvite(i: InviteRow, email: EmailRow | undefined, now: Date): PendingInvite {
  const expiresAt = expiryOf(i.issuedAt);
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    createdAt: i.createdAt,
    issuedAt: i.issuedAt,
    expiresAt,
    expired: expiresAt <= now,
    resends: i.revision,
    emailState: emailStateOf(email),
    emailSentAt: email?.sentAt ?? null,
  };
}

/** The invite's email for its current link, written with the change that issues the link. */
async function queueInviteEmail(tx: DbOrTx, invite: Pick<InviteRow, "id" | "revision" | "email">): Promise<string> {
  const [row] = await tx
    .insert(notifications)
    .values({ inviteId: invite.id, kind: "invite", revision: invite.revision, toEmail: invite.email })
    .returning({ id: notifications.id });
  return row!.id;
}

/** Members and open invites of a restaurant (owner only: managing staff is the owner's). */
export async function listStaff(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  now = new Date(),
): Promise<{ members: StaffMember[]; invites: PendingInvite[] }> {
  await requirePermission(db, principal, restaurantId, "staff.manage");
  const members = await db
    .select({ userId: users.id, name: users.name, email: users.email, role: restaurantMembers.role, since: restaurantMembers.createdAt })
    .from(restaurantMembers)
    .innerJoin(users, eq(users.id, restaurantMembers.userId))
    .where(eq(restaurantMembers.restaurantId, restaurantId))
    .orderBy(sql`case ${restaurantMembers.role} when 'owner' then 0 when 'manager' then 1 else 2 end`, asc(users.email));
  const invites = await db
    .select()
    .from(restaurantInvites)
    .where(and(eq(restaurantInvites.restaurantId, restaurantId), isNull(restaurantInvites.acceptedAt)))
    .orderBy(asc(restaurantInvites.createdAt));
  const emails = invites.length
    ? await db
        .select({
          inviteId: notifications.inviteId,
          status: notifications.status,
          sentAt: notifications.sentAt,
          attempts: notifications.attempts,
          revision: notifications.revision,
        })
        .from(notifications)
        .where(inArray(notifications.inviteId, invites.map((i) => i.id)))
        .orderBy(desc(notifications.revision))
    : [];
  return {
    members,
    invites: invites.map((i) => pendingInvite(i, emails.find((e) => e.inviteId === i.id && e.revision === i.revision), now)),
  };
}

/**
 * Invites someone by email as manager or host: the invite and its email (an outbox row, sent once
 * under a key derived from the invite and its revision) commit together. Only the token's hash is
 * kept; the token is returned for callers that need the link itself (tests, scripts), never shown.
 * Inviting the same email again replaces the earlier open invite, so only the newest link works.
 */
export async function inviteMember(
  db: Db,
  principal: Principal | null,
  restaurantId: string,
  input: { email: string; role: string },
): Promise<{ invite: PendingInvite; token: string }> {
  await requirePermission(db, principal, restaurantId, "staff.manage");
  const email = input.email.trim().toLowerCase();
  const fields: Record<string, string[]> = {};
  if (!EMAIL.test(email) || email.length > 254) fields.email = ["Must be an email address."];
  if (!(INVITABLE_ROLES as readonly string[]).includes(input.role)) fields.role = ["Choose manager or host."];
  if (Object.keys(fields).length > 0) throw new DomainError("invalid_input", "Some fields need attention.", { fields });

  const [existing] = await db
    .select({ role: restaurantMembers.role })
    .from(restaurantMembers)
    .innerJoin(users, eq(users.id, restaurantMembers.userId))
    .where(and(eq(restaurantMembers.restaurantId, restaurantId), sql`lower(${users.email}) = ${email}`))
    .limit(1);
  if (existing) {
    throw new DomainError("conflict", `${email} is already a member (${existing.role}). Change their role instead.`, {
      fields: { email: ["Already a member."] },
    });
  }

  const id = randomUUID();
  const token = inviteToken(id, 0);
  const { row, notificationId } = await db.transaction(async (tx) => {
    await tx
      .delete(restaurantInvites)
      .where(and(eq(restaurantInvites.restaurantId, restaurantId), isNull(restaurantInvites.acceptedAt), sql`lower(${restaurantInvites.email}) = ${email}`));
    const [created] = await tx
      .insert(restaurantInvites)
      .values({ id, restaurantId, email, role: input.role as InvitableRole, tokenHash: hashInviteToken(token), invitedBy: principal!.userId })
      .returning();
    return { row: created!, notificationId: await queueInviteEmail(tx, created!) };
  });
  await publishEvents([{ name: "notification/created", data: { id: notificationId } }]);
  return { invite: pendingInvite(row, undefined, row.issuedAt), token };
}

/**
 * Sends an open invite again with a new link: the old link stops working at once, the week starts
 * over, and a new email is queued (the earlier one, if still unsent, is skipped as outdated).
 */
export async function resendInvite(
  db: Db,
  principal: Principal | null,
  restaurantId: string,
  inviteId: string,
): Promise<{ invite: PendingInvite; token: string }> {
  await requirePermission(db, principal, restaurantId, "staff.manage");
  const result = await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ revision: restaurantInvites.revision })
      .from(restaurantInvites)
      .where(and(eq(restaurantInvites.id, inviteId), eq(restaurantInvites.restaurantId, restaurantId), isNull(restaurantInvites.acceptedAt)))
      .for("update");
    if (!current) return null;
    const revision = current.revision + 1;
    const token = inviteToken(inviteId, revision);
    const [row] = await tx
      .update(restaurantInvites)
      .set({ revision, tokenHash: hashInviteToken(token), issuedAt: sql`now()` })
      .where(eq(restaurantInvites.id, inviteId))
      .returning();
    return { row: row!, token, notificationId: await queueInviteEmail(tx, row!) };
  });
  if (!result) throw notFound("Invite");
  await publishEvents([{ name: "notification/created", data: { id: result.notificationId } }]);
  return { invite: pendingInvite(result.row, undefined, result.row.issuedAt), token: result.token };
}

/** Withdraws an open invite: its link stops working and an email not yet sent is dropped with it. */
export async function revokeInvite(db: DbOrTx, principal: Principal | null, restaurantId: string, inviteId: string): Promise<void> {
  await requirePermission(db, principal, restaurantId, "staff.manage");
  const deleted = await db
    .delete(restaurantInvites)
    .where(and(eq(restaurantInvites.id, inviteId), eq(restaurantInvites.restaurantId, restaurantId), isNull(restaurantInvites.acceptedAt)))
    .returning({ id: restaurantInvites.id });
  if (deleted.length === 0) throw notFound("Invite");
}

export type InviteState = "open" | "expired" | "accepted";

export interface InviteView {
  restaurant: { id: string; slug: string; name: string };
  email: string;
  role: MemberRole;
  state: InviteState;
  expiresAt: Date;
}

async function findInvite(db: DbOrTx, token: string) {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({ invite: restaurantInvites, restaurant: { id: restaurants.id, slug: restaurants.slug, name: restaurants.name } })
    .from(restaurantInvites)
    .innerJoin(restaurants, eq(restaurants.id, restaurantInvites.restaurantId))
    .where(eq(restaurantInvites.tokenHash, hashInviteToken(token)))
    .limit(1);
  return row ?? null;
}

/** What an invite link offers, for its page. Whoever holds the token may read this much. */
export async function getInvite(db: DbOrTx, token: string, now = new Date()): Promise<InviteView> {
  const found = await findInvite(db, token);
  if (!found) throw notFound("Invite");
  const expiresAt = expiryOf(found.invite.issuedAt);
  const state: InviteState = found.invite.acceptedAt ? "accepted" : expiresAt <= now ? "expired" : "open";
  return { restaurant: found.restaurant, email: found.invite.email, role: found.invite.role, state, expiresAt };
}

/**
 * Joins the restaurant with the invite's role. The signed-in account's email must be the invited one,
 * so a forwarded link is useless to anyone else. Accepting again as the same person is a no-op.
 */
export async function acceptInvite(
  db: Db,
  principal: Principal | null,
  token: string,
  now = new Date(),
): Promise<{ restaurantId: string; slug: string; role: MemberRole }> {
  if (!principal) throw unauthenticated("Sign in to accept the invite.");
  const found = await findInvite(db, token);
  if (!found) throw notFound("Invite");
  const { invite, restaurant } = found;
  if (invite.email.toLowerCase() !== principal.email.trim().toLowerCase()) {
    throw forbidden(`This invite is for ${invite.email}. Sign in with that address to accept it.`);
  }
  // The address must be proven: anyone can register an account under someone else's address.
  const [account] = await db.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, principal.userId)).limit(1);
  if (!account?.emailVerified) {
    throw new DomainError("forbidden", `Confirm your email address first: use the link we sent to ${invite.email}, or ask for a new one on your account page.`, {
      details: { reason: "email_unverified" },
    });
  }
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ role: restaurantMembers.role })
      .from(restaurantMembers)
      .where(and(eq(restaurantMembers.restaurantId, restaurant.id), eq(restaurantMembers.userId, principal.userId)))
      .limit(1);
    if (invite.acceptedAt) {
      if (current) return { restaurantId: restaurant.id, slug: restaurant.slug, role: current.role };
      throw new DomainError("conflict", "This invite has already been used.");
    }
    if (expiryOf(invite.issuedAt) <= now) throw new DomainError("conflict", "This invite has expired. Ask the owner for a new one.");
    const claimed = await tx
      .update(restaurantInvites)
      .set({ acceptedAt: now })
      .where(and(eq(restaurantInvites.id, invite.id), isNull(restaurantInvites.acceptedAt)))
      .returning({ id: restaurantInvites.id });
    if (claimed.length === 0) throw new DomainError("conflict", "This invite has already been used.");
    // An existing member keeps the higher of the two roles: an invite never demotes an owner.
    if (current) {
      const role = rank(invite.role) < rank(current.role) ? invite.role : current.role;
      if (role !== current.role) {
        await tx
          .update(restaurantMembers)
          .set({ role })
          .where(and(eq(restaurantMembers.restaurantId, restaurant.id), eq(restaurantMembers.userId, principal.userId)));
      }
      return { restaurantId: restaurant.id, slug: restaurant.slug, role };
    }
    await tx.insert(restaurantMembers).values({ restaurantId: restaurant.id, userId: principal.userId, role: invite.role });
    return { restaurantId: restaurant.id, slug: restaurant.slug, role: invite.role };
  });
}

const rank = (role: MemberRole) => (role === "owner" ? 0 : role === "manager" ? 1 : 2);

async function lockOwners(tx: DbOrTx, restaurantId: string): Promise<{ userId: string; role: MemberRole }[]> {
  // Locks every membership row of the restaurant, so two owners demoting each other at once cannot
  // leave the restaurant without one.
  return tx
    .select({ userId: restaurantMembers.userId, role: restaurantMembers.role })
    .from(restaurantMembers)
    .where(eq(restaurantMembers.restaurantId, restaurantId))
    .for("update");
}

/** Changes a member's role (owner only). The last owner cannot be demoted. */
export async function changeMemberRole(
  db: Db,
  principal: Principal | null,
  restaurantId: string,
  userId: string,
  role: string,
): Promise<{ userId: string; role: MemberRole }> {
  await requirePermission(db, principal, restaurantId, "staff.manage");
  if (role !== "owner" && role !== "manager" && role !== "host") {
    throw new DomainError("invalid_input", "Choose owner, manager or host.", { fields: { role: ["Choose owner, manager or host."] } });
  }
  return db.transaction(async (tx) => {
    const members = await lockOwners(tx, restaurantId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw notFound("Member");
    if (target.role === "owner" && role !== "owner" && members.filter((m) => m.role === "owner").length === 1) {
      throw new DomainError("conflict", "A restaurant needs at least one owner. Make someone else owner first.");
    }
    await tx
      .update(restaurantMembers)
      .set({ role })
      .where(and(eq(restaurantMembers.restaurantId, restaurantId), eq(restaurantMembers.userId, userId)));
    return { userId, role };
  });
}

/** Removes a member (owner only). The last owner cannot be removed. */
export async function removeMember(db: Db, principal: Principal | null, restaurantId: string, userId: string): Promise<void> {
  await requirePermission(db, principal, restaurantId, "staff.manage");
  await db.transaction(async (tx) => {
    const members = await lockOwners(tx, restaurantId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw notFound("Member");
    if (target.role === "owner" && members.filter((m) => m.role === "owner").length === 1) {
      throw new DomainError("conflict", "A restaurant needs at least one owner. Make someone else owner first.");
    }
    await tx.delete(restaurantMembers).where(and(eq(restaurantMembers.restaurantId, restaurantId), eq(restaurantMembers.userId, userId)));
  });
}
