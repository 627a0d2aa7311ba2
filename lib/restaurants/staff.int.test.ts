import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { devMailbox, notifications, restaurantInvites, restaurantMembers } from "@/db/schema";
import { dispatchDueNotifications, dispatchNotification } from "@/lib/notifications/dispatch";
import { createMailboxTransport } from "@/lib/notifications/transport";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurantWith, insertUser } from "@/lib/testing/fixtures";
import { getMemberRole } from "./access";
import { acceptInvite, changeMemberRole, getInvite, hashInviteToken, inviteMember, listStaff, removeMember, resendInvite, revokeInvite } from "./staff";
import { expectCode, principalOf } from "@/lib/testing/expect-domain";

let t: TestDb;


async function restaurantWithOwner() {
  const { restaurant: r, staff } = await insertRestaurantWith(t.db, { staff: { owner: {} } });
  return { restaurantId: r.id, slug: r.slug, owner: staff.owner!.principal };
}

beforeAll(async () => {
  t = await openTestApp({ env: { APP_URL: "https://tablekeep.example" }, kv: false, appDb: false });
});
afterAll(() => closeTestApp(t));

describe("invites", () => {
  it("invites by email, stores only the token's hash, and lets that person join with the role", async () => {
    const { restaurantId, slug, owner } = await restaurantWithOwner();
    const invitee = await insertUser(t.db, { email: "New.Host@Example.test" });
    const { invite, token } = await inviteMember(t.db, owner, restaurantId, { email: " new.host@example.TEST ", role: "host" });
    expect(invite).toMatchObject({ email: "new.host@example.test", role: "host", expired: false });
    const [stored] = await t.db.select().from(restaurantInvites).where(eq(restaurantInvites.id, invite.id));
    expect(stored!.tokenHash).toBe(hashInviteToken(token));
    expect(stored!.tokenHash).not.toContain(token);

    expect(await getInvite(t.db, token)).toMatchObject({ restaurant: { id: restaurantId, slug }, role: "host", state: "open" });
    const joined = await acceptInvite(t.db, principalOf(invitee), token);
    expect(joined).toEqual({ restaurantId, slug, role: "host" });
    expect(await getMemberRole(t.db, restaurantId, invitee.id)).toBe("host");
    expect((await getInvite(t.db, token)).state).toBe("accepted");
    // Accepting again as the same person is a no-op.
    expect(await acceptInvite(t.db, principalOf(invitee), token)).toEqual(joined);
  });

  it("refuses an invite to anyone but the invited email, and a used, expired or unknown one", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const invited = await insertUser(t.db);
    const stranger = await insertUser(t.db);
    const { token } = await inviteMember(t.db, owner, restaurantId, { email: invited.email, role: "manager" });
    const e = await expectCode(acceptInvite(t.db, principalOf(stranger), token), "forbidden");
    expect(e.message).toContain(invited.email);
    expect(await getMemberRole(t.db, restaurantId, stranger.id)).toBeNull();
    await expectCode(acceptInvite(t.db, null, token), "unauthenticated");
    await expectCode(acceptInvite(t.db, principalOf(invited), "not-a-real-token"), "not_found");

    const later = new Date(Date.now() + 8 * 86_400_000);
    expect((await getInvite(t.db, token, later)).state).toBe("expired");
    await expectCode(acceptInvite(t.db, principalOf(invited), token, later), "conflict");
    expect(await getMemberRole(t.db, restaurantId, invited.id)).toBeNull();
  });

  it("replaces an open invite for the same email, so only the newest link works", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const invited = await insertUser(t.db);
    const first = await inviteMember(t.db, owner, restaurantId, { email: invited.email, role: "host" });
    const second = await inviteMember(t.db, owner, restaurantId, { email: invited.email, role: "manager" });
    await expectCode(acceptInvite(t.db, principalOf(invited), first.token), "not_found");
    expect((await acceptInvite(t.db, principalOf(invited), second.token)).role).toBe("manager");
  });

  it("refuses inviting an existing member, an owner role or a malformed email", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    await expectCode(inviteMember(t.db, owner, restaurantId, { email: owner.email, role: "host" }), "conflict");
    const e = await expectCode(inviteMember(t.db, owner, restaurantId, { email: "nope", role: "owner" }), "invalid_input");
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(["email", "role"]);
  });

  it("lists members and open invites, and revokes an invite", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const { invite, token } = await inviteMember(t.db, owner, restaurantId, { email: "x@example.test", role: "host" });
    const staff = await listStaff(t.db, owner, restaurantId);
    expect(staff.members).toEqual([expect.objectContaining({ userId: owner.userId, role: "owner" })]);
    expect(staff.invites.map((i) => i.id)).toEqual([invite.id]);
    await revokeInvite(t.db, owner, restaurantId, invite.id);
    expect((await listStaff(t.db, owner, restaurantId)).invites).toEqual([]);
    await expectCode(getInvite(t.db, token), "not_found");
    await expectCode(revokeInvite(t.db, owner, restaurantId, invite.id), "not_found");
  });
});

describe("invite emails (through the outbox)", () => {
  const outboxOf = (inviteId: string) => t.db.select().from(notifications).where(eq(notifications.inviteId, inviteId)).orderBy(notifications.revision);
  const mailTo = async (email: string) => (await t.db.select().from(devMailbox)).filter((m) => m.toAddresses.includes(email));
  const linkIn = (html: string) => /https:\/\/tablekeep\.example\/invites\/([A-Za-z0-9_-]+)/.exec(html)![1]!;

  it("queues one email with the invite, sends it exactly once, and its link joins", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const invitee = await insertUser(t.db, { emailVerified: new Date() });
    const { invite, token } = await inviteMember(t.db, owner, restaurantId, { email: invitee.email, role: "manager" });
    const [row, ...more] = await outboxOf(invite.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ kind: "invite", revision: 0, toEmail: invitee.email.toLowerCase(), status: "pending", reservationId: null, userId: null });
    expect((await listStaff(t.db, owner, restaurantId)).invites[0]).toMatchObject({ emailState: "queued", resends: 0 });

    const transport = createMailboxTransport(t.db);
    expect(await dispatchNotification(t.db, row!.id, { transport })).toMatchObject({ outcome: "sent" });
    // Twice, and a sweep after: still one message (the row is sent; the key is the invite's).
    expect(await dispatchNotification(t.db, row!.id, { transport })).toMatchObject({ outcome: "not_claimed" });
    await dispatchDueNotifications(t.db, {}, { transport });
    const mails = await mailTo(invitee.email.toLowerCase());
    expect(mails).toHaveLength(1);
    expect(mails[0]!.idempotencyKey).toBe(`invite-${invite.id}-0`);
    expect(mails[0]!.subject).toMatch(/^Join .+ on Tablekeep$/);
    expect(linkIn(mails[0]!.html)).toBe(token);
    expect((await listStaff(t.db, owner, restaurantId)).invites[0]).toMatchObject({ emailState: "sent", emailSentAt: expect.any(Date) });

    expect(await acceptInvite(t.db, principalOf(invitee), linkIn(mails[0]!.html))).toMatchObject({ restaurantId, role: "manager" });
  });

  it("resends with a new link: the old one is dead, a new row goes out and the unsent old row is skipped", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const email = `resend-${Date.now()}@example.test`;
    const first = await inviteMember(t.db, owner, restaurantId, { email, role: "host" });
    const second = await resendInvite(t.db, owner, restaurantId, first.invite.id);
    expect(second.token).not.toBe(first.token);
    expect(second.invite).toMatchObject({ id: first.invite.id, resends: 1 });
    await expectCode(getInvite(t.db, first.token), "not_found");
    expect((await getInvite(t.db, second.token)).state).toBe("open");

    const rows = await outboxOf(first.invite.id);
    expect(rows.map((r) => [r.revision, r.status])).toEqual([
      [0, "pending"],
      [1, "pending"],
    ]);
    const transport = createMailboxTransport(t.db);
    expect(await dispatchNotification(t.db, rows[0]!.id, { transport })).toMatchObject({ outcome: "skipped", reason: "A newer link replaced this one." });
    expect(await dispatchNotification(t.db, rows[1]!.id, { transport })).toMatchObject({ outcome: "sent" });
    const mails = await mailTo(email);
    expect(mails.map((m) => linkIn(m.html))).toEqual([second.token]);
    // Only open invites of this restaurant can be resent.
    const other = await restaurantWithOwner();
    await expectCode(resendInvite(t.db, other.owner, other.restaurantId, first.invite.id), "not_found");
    await expectCode(resendInvite(t.db, owner, restaurantId, "00000000-0000-4000-8000-000000000000"), "not_found");
  });

  it("revoking drops the unsent email with the invite", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const email = `revoke-${Date.now()}@example.test`;
    const { invite } = await inviteMember(t.db, owner, restaurantId, { email, role: "host" });
    await revokeInvite(t.db, owner, restaurantId, invite.id);
    expect(await outboxOf(invite.id)).toEqual([]);
    await dispatchDueNotifications(t.db, {}, { transport: createMailboxTransport(t.db) });
    expect(await mailTo(email)).toEqual([]);
  });
});

describe("roles", () => {
  it("changes roles and removes members, but never the last owner", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const m = await insertUser(t.db);
    await insertMember(t.db, restaurantId, m.id, "host");
    expect(await changeMemberRole(t.db, owner, restaurantId, m.id, "manager")).toEqual({ userId: m.id, role: "manager" });
    expect(await getMemberRole(t.db, restaurantId, m.id)).toBe("manager");

    await expectCode(changeMemberRole(t.db, owner, restaurantId, owner.userId, "manager"), "conflict");
    await expectCode(removeMember(t.db, owner, restaurantId, owner.userId), "conflict");
    await expectCode(changeMemberRole(t.db, owner, restaurantId, m.id, "chef"), "invalid_input");

    // With a second owner, the first may step down.
    await changeMemberRole(t.db, owner, restaurantId, m.id, "owner");
    await changeMemberRole(t.db, owner, restaurantId, owner.userId, "host");
    expect(await getMemberRole(t.db, restaurantId, owner.userId)).toBe("host");
    await removeMember(t.db, principalOf({ id: m.id, email: m.email, name: m.name }), restaurantId, owner.userId);
    const rows = await t.db.select().from(restaurantMembers).where(and(eq(restaurantMembers.restaurantId, restaurantId)));
    expect(rows.map((r) => r.role)).toEqual(["owner"]);
  });

  it("two owners demoting each other at once leave exactly one owner", async () => {
    const { restaurantId, owner } = await restaurantWithOwner();
    const other = await insertUser(t.db);
    await insertMember(t.db, restaurantId, other.id, "owner");
    const results = await Promise.allSettled([
      changeMemberRole(t.db, owner, restaurantId, other.id, "manager"),
      changeMemberRole(t.db, principalOf(other), restaurantId, owner.userId, "manager"),
    ]);
    const owners = (await t.db.select().from(restaurantMembers).where(eq(restaurantMembers.restaurantId, restaurantId))).filter((r) => r.role === "owner");
    expect(owners).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
