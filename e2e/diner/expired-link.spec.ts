import { eq } from "drizzle-orm";
import { reservations } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { LINK_DAYS_AFTER_END, manageLinkFor } from "@/lib/notifications/links";
import { insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { E2E_AUTH_SECRET } from "../support/env";
import { createRestaurant, expect, test } from "./support/fixtures";

const HOUR = 3_600_000;

/** The page an old email's manage link opens: a plain "expired", never the booking. */
test.describe("email manage links", () => {
  test.beforeAll(() => setProcessEnv({ AUTH_SECRET: E2E_AUTH_SECRET }));

  test("a link from long after the visit, or from before a cancel, says it has expired", async ({ page }) => {
    const { db } = e2eDb();
    const r = await createRestaurant();
    const tableId = (await db.query.diningTables.findFirst({ where: (t, { eq: is }) => is(t.restaurantId, r.id) }))!.id;
    const start = new Date(Date.now() - (LINK_DAYS_AFTER_END * 24 + 4) * HOUR);
    const past = await insertReservation(db, { restaurantId: r.id, tableId, startsAt: start, endsAt: new Date(start.getTime() + 2 * HOUR) });

    const link = new URL(manageLinkFor(past));
    await page.goto(link.pathname + link.search);
    await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();
    await expect(page.getByTestId("link-expired-reason")).toContainText("until a few days after the booking");
    await expect(page.getByText(r.name)).toHaveCount(0);

    const soon = new Date(Date.now() + 48 * HOUR);
    const upcoming = await insertReservation(db, { restaurantId: r.id, tableId, startsAt: soon, endsAt: new Date(soon.getTime() + 2 * HOUR) });
    const before = new URL(manageLinkFor(upcoming));
    await page.goto(before.pathname + before.search);
    await expect(page.getByTestId("reservation-status")).toHaveText("Confirmed");
    // Cancelled since (by phone, by the restaurant, or from another email): the link goes stale.
    await db.update(reservations).set({ status: "cancelled", version: upcoming.version + 1 }).where(eq(reservations.id, upcoming.id));
    await page.goto(before.pathname + before.search);
    await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();
    await expect(page.getByTestId("link-expired-reason")).toContainText("changed or cancelled");
  });
});
