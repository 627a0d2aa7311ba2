import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatLocalTime } from "@/components/restaurants/local-time";
import { EmptyRestaurants, RestaurantList } from "./restaurant-list";

const now = new Date("2026-07-01T18:05:00Z");

describe("home page restaurant list", () => {
  it("renders each restaurant's name as a link to its page, with cuisine, city, price and local time", () => {
    const html = renderToStaticMarkup(
      createElement(RestaurantList, {
        now,
        restaurants: [
          { id: "1", slug: "zest", name: "Zest", cuisine: "Thai", city: "Bangkok", priceBand: 2, timezone: "Asia/Bangkok", photos: [] },
        ],
      }),
    );
    expect(html).toContain('href="/r/zest"');
    expect(html).toContain(">Zest</a>");
    expect(html).toContain("Thai");
    expect(html).toContain("Bangkok");
    expect(html).toContain("Price: Moderate (2 of 4)");
    // 18:05 UTC is 01:05 the next day in Bangkok (UTC+7).
    expect(html).toMatch(/Thu(<!-- -->)? (<!-- -->)?01:05/);
    expect(html).toContain("Asia/Bangkok");
  });

  it("says there are no restaurants yet when the list is empty", () => {
    expect(renderToStaticMarkup(createElement(EmptyRestaurants))).toContain("No restaurants yet");
  });
});

describe("formatLocalTime", () => {
  it("uses the zone's offset on that date, summer time included", () => {
    expect(formatLocalTime(now, "Europe/London")).toEqual({ time: "19:05", weekday: "Wed", offset: "GMT+1" });
    expect(formatLocalTime(new Date("2026-12-01T18:05:00Z"), "Europe/London")).toEqual({
      time: "18:05",
      weekday: "Tue",
      offset: "GMT+0",
    });
    expect(formatLocalTime(now, "Australia/Sydney")).toEqual({ time: "04:05", weekday: "Thu", offset: "GMT+10" });
  });

  it("writes midnight as 00, not 24", () => {
    expect(formatLocalTime(new Date("2026-07-01T23:30:00Z"), "Europe/London").time).toBe("00:30");
  });
});
