import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { restaurantInvites, restaurantMembers } from "@/db/schema";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertUser } from "@/lib/testing/fixtures";
import { getMemberRole } from "./access";
import { acceptInvite, changeMemberRole, getInvite, hashInviteToken, inviteMember, listStaff, removeMember, revokeInvite } from "./staff";
import { expectCode, principalOf } from "@/lib/testing/expect-domain";

let t: TestDb;


async function restaurantWithOwner() {
  const r = await insertRestaurant(t.db);
  const o = await insertUser(t.db);
  await insertMember(t.db, r.id, o.id, "owner");
  return { restaurantId: r.id, slug: r.slug, owner: principalOf(o) };
}

beforeAll(async () => {
  t = await createTestDb(inject("templateDb"));
});
afterAll(async () => {
  await t.destroy();
});

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
