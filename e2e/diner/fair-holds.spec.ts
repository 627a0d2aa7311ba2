import { codeFromUrl, createRestaurant, expect, localDate, slotName, test } from "./support/fixtures";
import { e2eDb } from "../support/db";

/** Holds belong to a browser (or an account), not to the address it shares with others. */

async function heldAt(restaurantId: string): Promise<{ code: string; local: string }[]> {
  return (await e2eDb().sql`
    select r.code, to_char(r.starts_at at time zone x.timezone, 'HH24:MI') as local
    from reservations r join restaurants x on x.id = r.restaurant_id
    where r.restaurant_id = ${restaurantId} and r.status = 'held' and r.hold_expires_at > now()`) as unknown as { code: string; local: string }[];
}

test("Back and another time, four times in a row, leaves one held table; the fifth time is still bookable", async ({ page }) => {
  const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 4 }, { minSeats: 1, maxSeats: 4 }, { minSeats: 1, maxSeats: 4 }] });
  const date = localDate(r.timezone, 3);
  await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);

  const codes: string[] = [];
  for (const time of ["19:00", "19:30", "20:00", "20:30"]) {
    await page.getByRole("button", { name: slotName(time, date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    codes.push(codeFromUrl(page.url()));
    await expect.poll(() => heldAt(r.id)).toEqual([{ code: codes.at(-1), local: time }]);
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: r.name })).toBeVisible();
  }

  // The fifth choice is a hold like the first, not "you already hold 3 tables".
  await page.getByRole("button", { name: slotName("21:00", date, 2) }).click();
  await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
  await expect.poll(() => heldAt(r.id)).toEqual([{ code: codeFromUrl(page.url()), local: "21:00" }]);
});

test("a second browser on the same machine holds its own table", async ({ browser }) => {
  const r = await createRestaurant();
  const date = localDate(r.timezone, 4);
  const sameAddress = { "x-forwarded-for": "198.51.100.77" };
  const first = await browser.newContext({ extraHTTPHeaders: sameAddress });
  const second = await browser.newContext({ extraHTTPHeaders: sameAddress });
  try {
    for (const [context, time] of [[first, "19:00"], [second, "19:30"]] as const) {
      const page = await context.newPage();
      await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
      await page.getByRole("button", { name: slotName(time, date, 2) }).click();
      await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
      await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    }
    await expect.poll(async () => (await heldAt(r.id)).map((h) => h.local).sort()).toEqual(["19:00", "19:30"]);
  } finally {
    await first.close();
    await second.close();
  }
});
