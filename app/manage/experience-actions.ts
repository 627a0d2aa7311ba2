"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { cancelExperience, checkInGuest, createExperience, undoCheckIn, updateExperience, type ExperienceView } from "@/lib/experiences";
import { createExperienceSchema, updateExperienceSchema } from "@/lib/experiences/contract";
import { ofRestaurant, refreshed } from "./action-steps";

/**
 * Ticketed experiences from the workspace: create, edit, publish, cancel (owners and managers), and
 * check-in on the night (every role). The session's principal is the caller; each service checks the
 * role against the experience's own restaurant, so an id from another restaurant is refused.
 */

const experienceRef = { experience_id: uuid };
const guestRef = { ...experienceRef, reservation_id: uuid };

const saved = (v: ExperienceView) => ({ id: v.id, published: v.published });

export const createExperienceAction = action(
  snakeCaseBody(createExperienceSchema, ofRestaurant),
  async ({ restaurantId, startsAt, ...experience }, { db, principal }) =>
    refreshed(saved(await createExperience(db, { restaurantId, principal, experience: { ...experience, startsAt: startsAt.toISOString() } }))),
  { auth: "required" },
);

export const updateExperienceAction = action(
  snakeCaseBody(updateExperienceSchema, experienceRef),
  async ({ experienceId, startsAt, ...changes }, { db, principal }) =>
    refreshed(saved(await updateExperience(db, { experienceId, principal, changes: { ...changes, startsAt: startsAt?.toISOString() } }))),
  { auth: "required" },
);

export const setExperiencePublishedAction = action(
  z.object({ ...experienceRef, published: z.boolean() }),
  async ({ experience_id, published }, { db, principal }) =>
    refreshed(saved(await updateExperience(db, { experienceId: experience_id, principal, changes: { published } }))),
  { auth: "required" },
);

export const cancelExperienceAction = action(
  z.object(experienceRef),
  async ({ experience_id }, { db, principal }) => {
    const { cancelled } = await cancelExperience(db, { experienceId: experience_id, principal });
    return refreshed({ cancelled });
  },
  { auth: "required" },
);

/** The guest list refreshes itself through its polling query, so check-ins do not refresh the page. */
export const checkInGuestAction = action(
  z.object(guestRef),
  async ({ experience_id, reservation_id }, { db, principal }) => {
    const v = await checkInGuest(db, { experienceId: experience_id, reservationId: reservation_id, principal });
    return { id: v.id, status: v.status };
  },
  { auth: "required" },
);

export const undoCheckInAction = action(
  z.object(guestRef),
  async ({ experience_id, reservation_id }, { db, principal }) => {
    const v = await undoCheckIn(db, { experienceId: experience_id, reservationId: reservation_id, principal });
    return { id: v.id, status: v.status };
  },
  { auth: "required" },
);
