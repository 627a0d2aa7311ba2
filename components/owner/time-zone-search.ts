/**
 * Finds time zones by what people type: a city ("Berlin", "new york", "sao"), a region ("Europe/")
 * or the full name. Best first: the city part starting with the query, then the whole name starting
 * with it, then anywhere in the name; alphabetical within each.
 */
export function searchTimeZones(zones: readonly string[], query: string, limit = 50): string[] {
  const q = fold(query.trim()).replace(/\s+/g, "_");
  if (!q) return zones.slice(0, limit);
  const ranked: { zone: string; rank: number }[] = [];
  for (const zone of zones) {
    const name = fold(zone);
    const city = name.slice(name.lastIndexOf("/") + 1);
    const rank = city.startsWith(q) ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : -1;
    if (rank >= 0) ranked.push({ zone, rank });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((r) => r.zone);
}

/** Lower case without accents ("São_Paulo" → "sao_paulo"). */
function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/** "America/Argentina/Buenos_Aires" → "Buenos Aires", for the list. */
export function timeZoneCity(zone: string): string {
  return zone.slice(zone.lastIndexOf("/") + 1).replace(/_/g, " ");
}
