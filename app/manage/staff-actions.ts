"use server";

import { z } from "zod";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { inviteSchema, roleChangeSchema } from "@/lib/restaurants/contract";
import { changeMemberRole, inviteMember, removeMember, resendInvite, revokeInvite } from "@/lib/restaurants/staff";
import { ofRestaurant, ownerAction, refreshed, removalAction } from "./action-steps";

/** Staff: invites and members' roles (owners only; the services check). */

const memberRef = { ...ofRestaurant, user_id: uuid };

export const inviteMemberAction = ownerAction(
  snakeCaseBody(inviteSchema, ofRestaurant),
  async ({ restaurantId, ...invitation }, { db, principal }) => {
    // The link goes out by email only: the action never returns it.
    const { invite } = await inviteMember(db, principal, restaurantId, invitation);
    return refreshed({ email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() });
  },
);

export const resendInviteAction = ownerAction(
  z.object({ ...ofRestaurant, invite_id: uuid }),
  async ({ restaurant_id, invite_id }, { db, principal }) => {
    const { invite } = await resendInvite(db, principal, restaurant_id, invite_id);
    return refreshed({ email: invite.email, expiresAt: invite.expiresAt.toISOString() });
  },
);

export const revokeInviteAction = removalAction("invite_id", revokeInvite, { revoked: true });

export const changeRoleAction = ownerAction(
  snakeCaseBody(roleChangeSchema, memberRef),
  async ({ restaurantId, userId, role }, { db, principal }) => refreshed(await changeMemberRole(db, principal, restaurantId, userId, role)),
);

export const removeMemberAction = removalAction("user_id", removeMember, { removed: true });
