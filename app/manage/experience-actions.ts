"use server";

import { z } from "zod";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { cancelExperience, checkInGuest, createExperience, undoCheckIn, updateExperience, type ExperienceView } from "@/lib/experiences";
import { createExperienceSchema, updateExperienceSchema } from "@/lib/experiences/contract";
import { ofRestaurant, ownerAction, refreshed } from "./action-steps";

/**
 * Ticketed experiences from the workspace: create, edit, publish, cancel (owners and managers), and
 * check-in on the night (every role). The session's principal is the caller; each service checks the
 * role against the experience's own restaurant, so an id from another restaurant is refused.
 */

const experienceRef = { experience_id: uuid };
const guestRef = { ...experienceRef, reservation_id: uuid };

const saved = (v: ExperienceView) => ({ id: v.id, published: v.published });

export const createExperienceAction = ownerAction(
  snakeCaseBody(createExperienceSchema, ofRestaurant),
  async ({ restaurantId, startsAt, ...experience }, { db, principal }) =>
    refreshed(saved(await createExperience(db, { restaurantId, principal, experience: { ...experience, startsAt: startsAt.toISOString() } }))),
);

export const updateExperienceAction = ownerAction(
  snakeCaseBody(updateExperienceSchema, experienceRef),
  async ({ experienceId, startsAt, ...changes }, { db, principal }) =>
    refreshed(saved(await updateExperience(db, { experienceId, principal, changes: { ...changes, startsAt: startsAt?.toISOString() } }))),
);

export const setExperiencePublishedAction = ownerAction(
  z.object({ ...experienceRef, published: z.boolean() }),
  async ({ experience_id, published }, { db, principal }) =>
    refreshed(saved(await updateExperience(db, { experienceId: experience_id, principal, changes: { published } }))),
);

export const cancelExperienceAction = ownerAction(
  z.object(experienceRef),
  async ({ experience_id }, { db, principal }) => {
    const { cancelled } = await cancelExperience(db, { experienceId: experience_id, principal });
    return refreshed({ cancelled });
  },
);

/** The guest list refreshes itself through its polling query, so check-ins do not refresh the page. */
export const checkInGuestAction = ownerAction(
  z.object(guestRef),
  async ({ experience_id, reservation_id }, { db, principal }) => {
    const v = await checkInGuest(db, { experienceId: experience_id, reservationId: reservation_id, principal });
    return { id: v.id, status: v.status };
  },
);

export const undoCheckInAction = ownerAction(
  z.object(guestRef),
  async ({ experience_id, reservation_id }, { db, principal }) => {
    const v = await undoCheckIn(db, { experienceId: experience_id, reservationId: reservation_id, principal });
    return { id: v.id, status: v.status };
  },
);
