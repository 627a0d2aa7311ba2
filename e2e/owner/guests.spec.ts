import { insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, horizontalOverflow, localDate, seriousA11yViolations, signIn, test } from "./support/fixtures";

/**
 * Guest memory: a host finds a returning guest by phone in the phone form and sees their allergy
 * before booking; the book's dialog shows who the guest is; a manager tags a guest on their profile.
 * Checked on a 390 px phone, with no serious or critical accessibility findings.
 */

const quarter = (minutesFromNow: number) => new Date(Math.floor((Date.now() + minutesFromNow * 60_000) / 900_000) * 900_000);

async function pastVisit(r: Awaited<ReturnType<typeof createStaffedRestaurant>>, daysAgo: number, status: "completed" | "no_show", contact: { name: string; phone?: string; email?: string }) {
  const row = await insertReservation(e2eDb().db, {
    restaurantId: r.id,
    tableId: r.tables[0]!.id,
    startsAt: quarter(-daysAgo * 24 * 60),
    endsAt: quarter(-daysAgo * 24 * 60 + 90),
    status,
    partySize: 2,
    serviceDate: localDate(r.timezone, -daysAgo),
  });
  await e2eDb().sql`update reservations set guest_name = ${contact.name}, guest_phone = ${contact.phone ?? null}, guest_email = ${contact.email ?? null} where id = ${row.id}`;
  return row.id;
}

test.describe("guests", () => {
  test.setTimeout(90_000);
  test.use({ viewport: { width: 390, height: 844 } });

  test("a returning guest is found by phone in the phone form, with their allergy, and the book's dialog knows them", async ({ page }) => {
    const r = await createStaffedRestaurant("Europe/London");
    await pastVisit(r, 20, "completed", { name: "Nadia Nuts", phone: "+447700900456", email: "nadia@example.test" });
    await pastVisit(r, 10, "completed", { name: "Nadia Nuts", email: "nadia@example.test" });
    await pastVisit(r, 5, "no_show", { name: "Nadia Nuts", email: "nadia@example.test" });
    await e2eDb().sql`insert into guest_profiles (restaurant_id, guest_key, tags, allergies) values (${r.id}, 'email:nadia@example.test', ${["VIP"]}, 'tree nuts')`;
    const tonight = await insertReservation(e2eDb().db, {
      restaurantId: r.id,
      tableId: r.tables[1]!.id,
      startsAt: quarter(30),
      endsAt: quarter(120),
      partySize: 2,
      serviceDate: localDate(r.timezone, 0),
    });
    await e2eDb().sql`update reservations set guest_name = 'Nadia Nuts', guest_email = 'NADIA@example.test' where id = ${tonight.id}`;
    await signIn(page, r.staff.host, `/manage/${r.slug}`);

    await page.getByRole("button", { name: "Phone booking" }).click();
    const form = page.getByRole("form", { name: "Phone booking" });
    const phone = form.getByRole("combobox", { name: /Phone/ });
    await phone.fill("07700 900456");
    const option = page.getByRole("option", { name: /Nadia Nuts/ });
    await expect(option).toContainText("allergic to tree nuts");
    await phone.press("ArrowDown");
    await phone.press("Enter");
    await expect(form.getByLabel("Guest name")).toHaveValue("Nadia Nuts");
    await expect(form.getByRole("combobox", { name: /Email/ })).toHaveValue("nadia@example.test");
    await expect(phone).toHaveValue("+447700900456");
    await expect(form.getByTestId("returning-guest")).toContainText("Returning guest: Nadia Nuts. 2 visits · 1 no-show · allergic to tree nuts · VIP");
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);

    // Tonight's booking in the book: its dialog says which visit it is.
    await form.getByRole("button", { name: "Close" }).click();
    await page.getByRole("button", { name: /^Nadia Nuts, party of 2/ }).click();
    const dialog = page.getByRole("dialog", { name: /Nadia Nuts/ });
    await expect(dialog.getByTestId("guest-summary")).toContainText("3rd visit · 1 no-show · allergic to tree nuts · VIP");
    await expect(dialog.getByRole("link", { name: "Guest profile" })).toBeVisible();
  });

  test("a manager finds a guest, tags them and the list shows it; only owners and managers get the CSV", async ({ page }) => {
    const r = await createStaffedRestaurant("Europe/London");
    await pastVisit(r, 3, "completed", { name: "Theo Tagged", phone: "+447700900789" });
    await pastVisit(r, 4, "completed", { name: "Someone Else", email: "else@example.test" });
    await signIn(page, r.staff.manager, `/manage/${r.slug}/guests`);

    await page.getByLabel("Search by name, email or phone").fill("0900789");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("guest-row")).toHaveCount(1);
    await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", `/manage/${r.slug}/guests/export?q=0900789`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);

    await page.getByRole("link", { name: "Theo Tagged" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Theo Tagged" })).toBeVisible();
    await page.getByRole("checkbox", { name: "Regular" }).check();
    await page.getByLabel("Another tag").fill("Window seat");
    await page.getByRole("button", { name: "Add tag" }).click();
    await expect(page.getByRole("checkbox", { name: "Window seat" })).toBeChecked();
    await page.getByLabel("Allergies").fill("shellfish");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Profile saved.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    const [stored] = await e2eDb().sql`select tags, allergies from guest_profiles where restaurant_id = ${r.id} and guest_key = 'phone:+447700900789'`;
    expect(stored).toEqual({ tags: ["Regular", "Window seat"], allergies: "shellfish" });

    await page.getByRole("link", { name: "All guests" }).click();
    const row = page.getByTestId("guest-row").filter({ hasText: "Theo Tagged" });
    await expect(row).toContainText("Regular");
    await expect(row).toContainText("Window seat");
    await expect(row).toContainText("Allergies: shellfish");
    await expect(row).toContainText("1 visit");
  });
});
