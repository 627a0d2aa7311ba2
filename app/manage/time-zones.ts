/** Every IANA zone this server knows, plus UTC (which some runtimes leave out of the list), sorted. */
export function timeZoneNames(): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  return [...zones].sort();
}
