import { randomBytes } from "node:crypto";
import { insertRestaurant } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createRestaurant, expect, localDate, slotName, test, trackRestaurant } from "./support/fixtures";

test.describe("search", () => {
  test("filters live in the URL: shareable, and the back button restores the previous search", async ({ page }) => {
    const a = await createRestaurant({ cuisine: "Georgian", city: "Tbilisi" });
    const b = await createRestaurant({ cuisine: "Georgian", city: "Batumi" });

    await page.goto("/restaurants");
    await page.getByLabel("Cuisine").fill("georgian");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL("/restaurants?cuisine=georgian");
    const results = page.getByTestId("search-result");
    await expect(results.filter({ hasText: a.name })).toHaveCount(1);
    await expect(results.filter({ hasText: b.name })).toHaveCount(1);

    await page.getByLabel("City").fill("Batumi");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL("/restaurants?cuisine=georgian&city=Batumi");
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText(b.name);

    await page.goBack();
    await expect(page).toHaveURL("/restaurants?cuisine=georgian");
    await expect(page.getByLabel("City")).toHaveValue("");
    await expect(results.filter({ hasText: a.name })).toHaveCount(1);

    // The same URL in a fresh page gives the same results.
    const shared = await page.context().newPage();
    await shared.goto("/restaurants?cuisine=georgian&city=Batumi");
    await expect(shared.getByTestId("search-result")).toHaveCount(1);
    await expect(shared.getByLabel("Cuisine")).toHaveValue("georgian");
    await shared.close();
  });

  test("with date, time and party size, only restaurants with a table then, each with its nearest times", async ({ page }) => {
    const open = await createRestaurant({ prefix: "Open", city: "Availtown" });
    const full = await createRestaurant({ prefix: "Full", city: "Availtown", tables: [{ minSeats: 1, maxSeats: 4 }] });
    const date = localDate(full.timezone, 2);
    // Full's only table is taken all evening.
    const [table] = (await e2eDb().sql`select id from dining_tables where restaurant_id = ${full.id}`) as unknown as { id: string }[];
    await e2eDb().sql`
      insert into reservations (restaurant_id, table_id, service_date, party_size, starts_at, ends_at, status, code, source)
      values (${full.id}, ${table!.id}, ${date}, 2,
              (${date}::date + time '16:00') at time zone ${full.timezone},
              (${date}::date + time '23:59') at time zone ${full.timezone}, 'confirmed', ${`F${randomBytes(3).toString("hex").toUpperCase()}`}, 'web')`;

    await page.goto(`/restaurants?city=Availtown&date=${date}&time=19:00&party_size=2`);
    await expect(page.getByRole("heading", { level: 2, name: /^Tables for 2 people around 19:00 on / })).toBeVisible();
    const results = page.getByTestId("search-result");
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText(open.name);
    const times = results.first().getByRole("button");
    await expect(times).toHaveCount(4);
    expect(await times.evaluateAll((bs) => bs.map((b) => b.textContent))).toEqual(["18:00", "18:30", "19:00", "19:30"]);
    await expect(results.first().getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();

    // A time button holds the table straight from the results.
    await results.first().getByRole("button", { name: slotName("18:30", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    await expect(page.getByText(`2 people at ${open.name}`)).toBeVisible();
  });

  test("empty results, and a half-filled 'when', say plainly what to do", async ({ page }) => {
    await page.goto("/restaurants?q=zzznothingmatchesthis");
    await expect(page.getByTestId("search-empty")).toContainText("No restaurants match your search.");

    await page.goto(`/restaurants?date=${localDate("Europe/London", 2)}`);
    await expect(page.getByText("To see who has a table, choose a date, a time and a party size together.")).toBeVisible();
    await expect(page.getByRole("group", { name: /When/ })).toHaveAttribute("aria-describedby", "search-when-error");
    await expect(page.getByTestId("search-result").first()).toBeVisible();

    // Empty fields are dropped from the address, so shared links stay short.
    await page.goto("/restaurants?q=&cuisine=&city=Lisbon&date=&time=&party_size=");
    await expect(page).toHaveURL("/restaurants?city=Lisbon");
    await expect(page.getByTestId("search-result").filter({ hasText: "Tasca do Cais" })).toHaveCount(1);
  });

  test("pages through many results with previous and next links", async ({ page }) => {
    const word = `pg${randomBytes(4).toString("hex")}`;
    for (let i = 0; i < 23; i++) {
      const row = await insertRestaurant(e2eDb().db, { name: `Paged ${word} ${String(i).padStart(2, "0")}`, slug: `paged-${word}-${i}`, city: "Pageton" });
      trackRestaurant(row.id);
    }
    await page.goto(`/restaurants?q=${word}`);
    await expect(page.getByTestId("search-result")).toHaveCount(20);
    await page.getByRole("navigation", { name: "Pages of results" }).getByRole("link", { name: "Next page →" }).click();
    await expect(page).toHaveURL(`/restaurants?q=${word}&page=2`);
    await expect(page.getByTestId("search-result")).toHaveCount(3);
    await expect(page.getByRole("link", { name: "Next page →" })).toHaveCount(0);
    await page.getByRole("link", { name: "← Previous page" }).click();
    await expect(page).toHaveURL(`/restaurants?q=${word}`);
    await expect(page.getByTestId("search-result")).toHaveCount(20);
  });
});

test.describe("search ignores accents", () => {
  test("typing kowhai finds Kōwhai", async ({ page }) => {
    const r = await createRestaurant({ prefix: "Kōwhai Kitchen", city: "Auckland", timezone: "Pacific/Auckland" });
    await page.goto("/restaurants");
    await page.getByLabel("Restaurant, dish or area").fill(`kowhai ${r.word}`);
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.getByTestId("search-result");
    await expect(results).toHaveCount(1);
    await expect(results.first().getByRole("link", { name: r.name })).toBeVisible();
  });

  test("a past date is searched as today, with a note", async ({ page }) => {
    const r = await createRestaurant();
    await page.goto(`/restaurants?q=${r.word}&date=2020-01-01&time=19:00&party_size=2`);
    await expect(page.getByTestId("date-note")).toContainText("Wednesday 1 January 2020 has passed, so we searched today");
    await expect(page.getByRole("heading", { level: 2, name: /^Tables for 2 people around 19:00 on / })).not.toContainText("2020");
  });
});
