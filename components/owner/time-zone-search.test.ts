import { describe, expect, it } from "vitest";
import { searchTimeZones, timeZoneCity } from "./time-zone-search";

const ZONES = ["America/New_York", "America/Sao_Paulo", "Asia/Tokyo", "Europe/Berlin", "Europe/London", "UTC"];

describe("searchTimeZones", () => {
  it("finds a zone by its city, in any case", () => {
    expect(searchTimeZones(ZONES, "Berlin")).toEqual(["Europe/Berlin"]);
    expect(searchTimeZones(ZONES, "london")).toEqual(["Europe/London"]);
  });

  it("treats spaces as the underscores of zone names and ignores accents", () => {
    expect(searchTimeZones(ZONES, "new york")).toEqual(["America/New_York"]);
    expect(searchTimeZones(ZONES, "São")).toEqual(["America/Sao_Paulo"]);
  });

  it("puts city matches before region matches and lists a region", () => {
    expect(searchTimeZones(ZONES, "europe/")).toEqual(["Europe/Berlin", "Europe/London"]);
    expect(searchTimeZones(["Europe/Berlin", "Asia/Euro"], "euro")).toEqual(["Asia/Euro", "Europe/Berlin"]);
  });

  it("lists the first zones for an empty query, up to the limit", () => {
    expect(searchTimeZones(ZONES, "  ", 2)).toEqual(["America/New_York", "America/Sao_Paulo"]);
  });

  it("names the city of a zone", () => {
    expect(timeZoneCity("America/Argentina/Buenos_Aires")).toBe("Buenos Aires");
    expect(timeZoneCity("UTC")).toBe("UTC");
  });
});
