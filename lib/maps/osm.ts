/**
 * The map tiles the app shows: OpenStreetMap's standard layer (no key). The origin is the one image
 * host the pages' Content-Security-Policy allows besides the app itself, so the policy and the map
 * read it from here. Client-safe.
 */
export const OSM_TILE_ORIGIN = "https://tile.openstreetmap.org";
export const OSM_TILE_URL = `${OSM_TILE_ORIGIN}/{z}/{x}/{y}.png`;
/** OpenStreetMap's licence asks for this credit wherever its tiles show. */
export const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
/** The standard layer has tiles down to this zoom. */
export const OSM_MAX_ZOOM = 19;

export interface Coordinates {
  lat: number;
  lng: number;
}

/** Six decimals place a pin within about 10 cm: more is noise from a mouse click. */
export function formatCoordinate(n: number): string {
  return String(Number(n.toFixed(6)));
}

/** Whether two pins are the same place, as far as six decimals can tell. */
export function samePlace(a: Coordinates | null, b: Coordinates | null): boolean {
  if (!a || !b) return a === b;
  return Math.abs(a.lat - b.lat) < 5e-7 && Math.abs(a.lng - b.lng) < 5e-7;
}
