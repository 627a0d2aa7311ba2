import type { Page } from "@playwright/test";
import { e2eDb } from "../support/db";
import {
  createRestaurant,
  expect,
  fillDetailsAndConfirm,
  localDate,
  newGuest,
  seriousA11yViolations,
  slotName,
  test,
} from "./support/fixtures";

/** Where a click on a time leads: a hold (the booking page), or the "just taken" message. */
async function outcome(page: Page): Promise<"held" | "taken"> {
  return Promise.race([
    page.waitForURL(/\/book\/[A-Z0-9]+$/, { timeout: 20_000 }).then(() => "held" as const),
    page.getByTestId("slot-problem").waitFor({ state: "visible", timeout: 20_000 }).then(() => "taken" as const),
  ]);
}

test.describe("two diners race for the last table", () => {
  test("exactly one holds and confirms; the other is told plainly and offered the nearest free times", async ({ browser }) => {
    // One table: whoever holds 19:00 takes the last table at that time.
    const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 4 }] });
    const date = localDate(r.timezone, 2);
    const diners = [await newGuest(browser), await newGuest(browser)];
    try {
      const pages = await Promise.all(diners.map((c) => c.newPage()));
      for (const p of pages) {
        await p.goto(`/r/${r.slug}?date=${date}&party_size=2`);
        await expect(p.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();
      }

      // Both choose 19:00 at the same moment.
      const results = await Promise.all(
        pages.map(async (p) => {
          const result = outcome(p);
          await p.getByRole("button", { name: slotName("19:00", date, 2) }).click();
          return result;
        }),
      );
      expect([...results].sort()).toEqual(["held", "taken"]);
      const winner = pages[results.indexOf("held")]!;
      const loser = pages[results.indexOf("taken")]!;

      // The loser reads a plain sentence and gets the nearest free times as buttons.
      const problem = loser.getByTestId("slot-problem");
      await expect(problem).toContainText("Sorry, 19:00 was just taken.");
      await expect(problem).toBeFocused();
      const alternatives = loser.getByRole("list", { name: /^Nearest free times/ }).getByRole("button");
      await expect(alternatives.first()).toBeVisible();
      const names = await alternatives.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label") ?? ""));
      expect(names.length).toBeGreaterThan(0);
      expect(names.length).toBeLessThanOrEqual(4);
      expect(names).not.toContain(slotName("19:00", date, 2));
      // A 90-minute turn on the one table: 17:30 and 20:30 are the nearest free starts.
      expect(names).toContain(slotName("17:30", date, 2));
      expect(names).toContain(slotName("20:30", date, 2));
      expect(await seriousA11yViolations(loser)).toEqual([]);

      // The winner confirms.
      await fillDetailsAndConfirm(winner, { name: "Winner", email: "winner@example.test" });

      // The loser takes an alternative instead: 20:30 is free and holds fine.
      await loser.getByRole("button", { name: slotName("20:30", date, 2) }).click();
      await expect(loser).toHaveURL(/\/book\/[A-Z0-9]+$/);

      const rows = (await e2eDb().sql`
        select status, to_char(starts_at at time zone ${r.timezone}, 'HH24:MI') as local
        from reservations where restaurant_id = ${r.id} order by starts_at`) as unknown as { status: string; local: string }[];
      expect(rows).toEqual([
        { status: "confirmed", local: "19:00" },
        { status: "held", local: "20:30" },
      ]);
    } finally {
      for (const c of diners) await c.close();
    }
  });
});
