"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { inviteSchema, roleChangeSchema } from "@/lib/restaurants/contract";
import { changeMemberRole, inviteMember, removeMember, resendInvite, revokeInvite } from "@/lib/restaurants/staff";
import { ofRestaurant, refreshed } from "./action-steps";

/** Staff: invites and members' roles (owners only; the services check). */

const memberRef = { ...ofRestaurant, user_id: uuid };

export const inviteMemberAction = action(
  snakeCaseBody(inviteSchema, ofRestaurant),
  async ({ restaurantId, ...invitation }, { db, principal }) => {
    // The link goes out by email only: the action never returns it.
    const { invite } = await inviteMember(db, principal, restaurantId, invitation);
    return refreshed({ email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() });
  },
  { auth: "required" },
);

export const resendInviteAction = action(
  z.object({ ...ofRestaurant, invite_id: uuid }),
  async ({ restaurant_id, invite_id }, { db, principal }) => {
    const { invite } = await resendInvite(db, principal, restaurant_id, invite_id);
    return refreshed({ email: invite.email, expiresAt: invite.expiresAt.toISOString() });
  },
  { auth: "required" },
);

export const revokeInviteAction = action(
  z.object({ ...ofRestaurant, invite_id: uuid }),
  async ({ restaurant_id, invite_id }, { db, principal }) => {
    await revokeInvite(db, principal, restaurant_id, invite_id);
    return refreshed({ revoked: true });
  },
  { auth: "required" },
);

export const changeRoleAction = action(
  snakeCaseBody(roleChangeSchema, memberRef),
  async ({ restaurantId, userId, role }, { db, principal }) => refreshed(await changeMemberRole(db, principal, restaurantId, userId, role)),
  { auth: "required" },
);

export const removeMemberAction = action(
  z.object(memberRef),
  async ({ restaurant_id, user_id }, { db, principal }) => {
    await removeMember(db, principal, restaurant_id, user_id);
    return refreshed({ removed: true });
  },
  { auth: "required" },
);
