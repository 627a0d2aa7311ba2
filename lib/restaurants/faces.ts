import type { RestaurantPhoto } from "@/db/schema";

export type { RestaurantPhoto };

/**
 * What a restaurant shows of itself besides its name: links to a map and directions, and its
 * photos. Maps are OpenStreetMap links (no key, no script); client-safe.
 */

/** A map of the place and directions to it: by the pin when there is one, else by the address. */
export function mapLinks(p: { latitude: number | null; longitude: number | null; place: string | null }): { map: string; directions: string } | null {
  if (p.latitude !== null && p.longitude !== null) {
    const lat = p.latitude.toFixed(6);
    const lng = p.longitude.toFixed(6);
    return {
      map: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`,
      directions: `https://www.openstreetmap.org/directions?to=${lat}%2C${lng}`,
    };
  }
  if (!p.place) return null;
  const q = encodeURIComponent(p.place);
  return { map: `https://www.openstreetmap.org/search?query=${q}`, directions: `https://www.openstreetmap.org/directions?to=${q}` };
}

/** The photo that stands for the restaurant on cards and in link previews. */
export function coverPhoto(photos: RestaurantPhoto[] | null | undefined): RestaurantPhoto | null {
  return photos?.[0] ?? null;
}
