import { insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { callServerAction, createStaffedRestaurant, expect, localDate, newPerson, signIn, test } from "./support/fixtures";

/**
 * The permission matrix through the browser: pages by role, the JSON book route, and server actions
 * called directly (not through the UI), as the host, another restaurant's owner and an anonymous client.
 * The full matrix over every service is in lib/restaurants/owner-authorization.int.test.ts.
 */
test.describe("workspace permissions", () => {
  test("a host runs the book but nothing else, and a direct createTable call is refused", async ({ page, baseURL }) => {
    const r = await createStaffedRestaurant();
    await signIn(page, r.staff.host, `/manage/${r.slug}`);
    const nav = page.getByRole("navigation", { name: "Restaurant workspace" });
    await expect(nav.getByRole("link")).toHaveText(["Book", "Guests", "Experiences"]);
    await expect(page.getByRole("button", { name: "Phone booking" })).toBeVisible();
    for (const section of ["floor", "sessions", "closures", "settings", "staff", "reports"]) {
      await page.goto(`/manage/${r.slug}/${section}`);
      await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
    }
    const csv = await page.request.get(`/manage/${r.slug}/reports/export?from=2030-01-01&to=2030-01-02`);
    expect(csv.status()).toBe(403);

    const reply = await callServerAction(page.request, baseURL!, `/manage/${r.slug}/floor`, "createTableAction", [
      { restaurant_id: r.id, label: "Sneaky", min_seats: 1, max_seats: 2, online: true, active: true, area: null },
    ]);
    expect(reply).toContain('"code":"forbidden"');
    const tables = await e2eDb().sql`select count(*)::int as n from dining_tables where restaurant_id = ${r.id}`;
    expect(tables[0]?.n).toBe(3);

    // Experiences: the host sees them and checks guests in, but cannot create one.
    const experience = await callServerAction(page.request, baseURL!, `/manage/${r.slug}/experiences`, "createExperienceAction", [
      {
        restaurant_id: r.id,
        name: "Sneaky dinner",
        starts_at: new Date(Date.now() + 86_400_000).toISOString(),
        duration_minutes: 120,
        currency: "EUR",
        sections: [{ name: "Room", capacity: 10, price_cents: 0 }],
      },
    ]);
    expect(experience).toContain('"code":"forbidden"');
    const experiences = await e2eDb().sql`select count(*)::int as n from experiences where restaurant_id = ${r.id}`;
    expect(experiences[0]?.n).toBe(0);
  });

  test("a manager manages the floor but not the staff", async ({ page, baseURL }) => {
    const r = await createStaffedRestaurant();
    await signIn(page, r.staff.manager, `/manage/${r.slug}/floor`);
    await expect(page.getByRole("heading", { level: 1, name: "Floor" })).toBeVisible();
    await page.goto(`/manage/${r.slug}/staff`);
    await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
    const reply = await callServerAction(page.request, baseURL!, `/manage/${r.slug}`, "inviteMemberAction", [
      { restaurant_id: r.id, email: "friend@example.test", role: "manager" },
    ]);
    expect(reply).toContain('"code":"forbidden"');
    const invites = await e2eDb().sql`select count(*)::int as n from restaurant_invites where restaurant_id = ${r.id}`;
    expect(invites[0]?.n).toBe(0);
  });

  test("another restaurant's owner gets 404s, and direct calls with this restaurant's ids are refused", async ({ page, baseURL }) => {
    const mine = await createStaffedRestaurant();
    const theirs = await createStaffedRestaurant();
    const start = new Date(Date.now() + 86_400_000);
    const booking = await insertReservation(e2eDb().db, {
      restaurantId: mine.id,
      tableId: mine.tables[0]!.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 90 * 60_000),
      serviceDate: localDate(mine.timezone, 1),
    });
    await signIn(page, theirs.staff.owner, `/manage/${theirs.slug}`);

    // The not-found page (its status is 200 only because the root loading.tsx starts streaming first).
    await page.goto(`/manage/${mine.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText(mine.name)).toHaveCount(0);
    const json = await page.request.get(`/manage/${mine.slug}/book`);
    expect(json.status()).toBe(404);

    for (const [name, args] of [
      ["setStatusAction", { restaurant_id: mine.id, reservation_id: booking.id, status: "no_show" }],
      ["setStatusAction", { restaurant_id: theirs.id, reservation_id: booking.id, status: "no_show" }],
      ["cancelReservationAction", { restaurant_id: theirs.id, reservation_id: booking.id }],
      ["moveReservationAction", { restaurant_id: theirs.id, reservation_id: booking.id, table_id: theirs.tables[0]!.id }],
    ] as const) {
      const reply = await callServerAction(page.request, baseURL!, `/manage/${theirs.slug}`, name, [args]);
      expect(reply, name).toContain('"code":"not_found"');
    }
    const [row] = await e2eDb().sql`select status, table_id from reservations where id = ${booking.id}`;
    expect(row).toMatchObject({ status: "confirmed", table_id: mine.tables[0]!.id });
  });

  test("anonymous visitors are sent to sign in; the JSON book and direct actions say unauthenticated", async ({ browser, baseURL }) => {
    const r = await createStaffedRestaurant();
    const anon = await newPerson(browser);
    try {
      const p = await anon.newPage();
      await p.goto(`/manage/${r.slug}/floor`);
      // The layout or the page redirects first; either way back to this restaurant after signing in.
      await expect(p).toHaveURL(new RegExp(`/signin\\?next=${encodeURIComponent(`/manage/${r.slug}`)}(%2Ffloor)?$`));
      const json = await p.request.get(`/manage/${r.slug}/book`);
      expect(json.status()).toBe(401);
      const reply = await callServerAction(p.request, baseURL!, `/manage/${r.slug}`, "walkInAction", [{ restaurant_id: r.id, party_size: 2 }]);
      expect(reply).toContain('"code":"unauthenticated"');
    } finally {
      await anon.close();
    }
  });
});
