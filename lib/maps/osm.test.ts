import { describe, expect, it } from "vitest";
import { formatCoordinate, samePlace } from "./osm";

describe("map coordinates", () => {
  it("writes a coordinate with at most six decimals and no trailing zeros", () => {
    expect(formatCoordinate(51.50720003)).toBe("51.5072");
    expect(formatCoordinate(-0.127599999)).toBe("-0.1276");
    expect(formatCoordinate(0)).toBe("0");
    expect(formatCoordinate(12.3456789)).toBe("12.345679");
  });

  it("takes pins within the sixth decimal as the same place, and no pin only as no pin", () => {
    expect(samePlace({ lat: 51.5072, lng: -0.1276 }, { lat: 51.50720004, lng: -0.12759997 })).toBe(true);
    expect(samePlace({ lat: 51.5072, lng: -0.1276 }, { lat: 51.5073, lng: -0.1276 })).toBe(false);
    expect(samePlace(null, null)).toBe(true);
    expect(samePlace(null, { lat: 0, lng: 0 })).toBe(false);
  });
});
