import { getKv } from "@/lib/redis";

/**
 * Cached availability is keyed by this per-restaurant counter; every change that can alter a
 * restaurant's availability bumps it, so a cached answer is never served after a change.
 */
export const availabilityVersionKey = (restaurantId: string) => `avail:v:${restaurantId}`;

export async function bumpAvailabilityVersion(restaurantId: string): Promise<void> {
  await getKv().bumpVersion(availabilityVersionKey(restaurantId));
}
