/**
 * Edge values every contract parity test runs through both doors (server action and API route):
 * the web and the API must accept and refuse exactly the same ones.
 */
export const NUL = "\u0000";

/** Instants at and beyond the years the product accepts. */
export const INSTANTS = {
  ok: "2031-06-01T19:00:00Z",
  withOffset: "2031-06-01T20:00:00+01:00",
  firstAccepted: "2000-01-01T00:00:00Z",
  lastAccepted: "2100-12-31T23:00:00Z",
  year0001: "0001-01-01T19:00:00Z",
  year9999: "9999-12-31T19:00:00Z",
  year1999: "1999-12-31T23:59:00Z",
  year2101: "2101-01-01T00:00:00Z",
  noZone: "2031-06-01T19:00:00",
  withNul: `2031-06-01T19:00:00Z${NUL}`,
} as const;

export const LOCAL_DATES = {
  ok: "2031-06-01",
  year0001: "0001-01-01",
  year9999: "9999-12-31",
  notADay: "2031-02-30",
  withNul: `2031-06-01${NUL}`,
} as const;

export type Case = { name: string; input: Record<string, unknown>; valid: boolean };
