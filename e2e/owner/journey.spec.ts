import { e2eDb } from "../support/db";
import { expect, localDate, longDate, newPerson, slotName, test, word } from "./support/fixtures";

/**
 * The issue's journey: an owner signs up, creates a restaurant, adds tables and a session, publishes;
 * a diner books it in another browser; the booking appears on the owner's timeline without a reload;
 * seating it a day early is refused; a walk-in is seated on a free table and finished; two overlapping
 * reservations on one table are refused with a clear message.
 */
test.describe("owner workspace journey", () => {
  test.setTimeout(120_000);

  test("sign up → create → floor → session → publish → live book → seat, finish, walk-in, overlap refused", async ({ page, browser }) => {
    const w = word();
    const name = `Owner Bistro ${w}`;
    const slug = `owner-bistro-${w}`;
    const tz = "Europe/London";

    // Sign up, straight into onboarding.
    await page.goto("/signup?next=/manage/new");
    await page.getByLabel("Name").fill(`Olga ${w}`);
    await page.getByLabel("Email").fill(`olga-${w}@example.test`);
    await page.getByLabel("Password").fill(`correct horse ${w}`);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL("/manage/new");
    await expect(page.getByRole("link", { name: "Manage" })).toBeVisible();

    // Create the restaurant; the time zone is picked from the searchable list.
    await page.getByLabel("Restaurant name").fill(name);
    await expect(page.getByText(`Your page will be at /r/${slug}.`)).toBeVisible();
    const zone = page.getByRole("combobox", { name: "Time zone" });
    await zone.fill("Atlantis");
    await page.getByRole("button", { name: "Create restaurant" }).click();
    await expect(page.getByText("Must be an IANA time zone such as Europe/London.")).toBeVisible();
    // A city finds its zone: typing "london" offers Europe/London first, and Enter picks it.
    await zone.fill("london");
    await expect(page.getByRole("option").first()).toContainText(tz);
    await zone.press("Enter");
    await expect(zone).toHaveValue(tz);
    await page.getByLabel("City").fill("Testville");
    await page.getByRole("button", { name: "Create restaurant" }).click();
    await expect(page).toHaveURL(`/manage/${slug}/setup`);
    await expect(page.getByRole("heading", { name: "Add your tables (to do)" })).toBeVisible();

    // Publishing is refused until there is a table and a session.
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Not ready to publish" })).toHaveText(
      "Not ready to publish. Add at least one active table. Add at least one service session.",
    );

    // Floor: two tables.
    await page.getByRole("link", { name: "Floor" }).first().click();
    await expect(page).toHaveURL(`/manage/${slug}/floor`);
    const addTable = page.getByRole("form", { name: "Add a table" });
    for (const label of ["T1", "T2"]) {
      await addTable.getByLabel("Label").fill(label);
      await addTable.getByLabel("Min seats").fill("1");
      await addTable.getByLabel("Max seats").fill("4");
      await addTable.getByRole("button", { name: "Add table" }).click();
      await expect(page.getByTestId(`table-${label}`)).toBeVisible();
    }

    // Sessions: every day 12:00–22:00 every 30 minutes, with the live preview.
    await page.getByRole("navigation", { name: "Restaurant workspace" }).getByRole("link", { name: "Sessions" }).click();
    await expect(page).toHaveURL(`/manage/${slug}/sessions`);
    const form = page.getByRole("form", { name: "New session" });
    for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await form.getByLabel(day, { exact: true }).check();
    await form.getByLabel("First seating").fill("12:00");
    await form.getByLabel("Last seating").fill("22:00");
    await form.getByLabel("Every (minutes)").fill("30");
    await form.getByLabel("Minutes at the table").fill("90");
    const preview = page.getByTestId("session-preview");
    await expect(preview).toContainText("21 seatings from this session");
    await expect(preview.getByText("12:00", { exact: true })).toBeVisible();
    await expect(preview.getByText("22:00", { exact: true })).toBeVisible();
    await form.getByRole("button", { name: "Add session" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Dinner" })).toBeVisible();

    // Publish.
    await page.getByRole("navigation", { name: "Restaurant workspace" }).getByRole("link", { name: "Setup" }).click();
    await expect(page.getByRole("heading", { name: "Add your tables (done)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Add service sessions (done)" })).toBeVisible();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published: diners can find and book you now.")).toBeVisible();

    // The owner watches tomorrow's book.
    const tomorrow = localDate(tz, 1);
    await page.goto(`/manage/${slug}?date=${tomorrow}`);
    await expect(page.getByText("No reservations for this day yet.").or(page.getByTestId("timeline-row-T1"))).toBeVisible();
    await expect(page.getByTestId("timeline-block")).toHaveCount(0);

    // A diner books it in another browser.
    const diner = await newPerson(browser);
    try {
      const d = await diner.newPage();
      await d.goto(`/r/${slug}?date=${tomorrow}&party_size=2`);
      await d.getByRole("button", { name: slotName("19:00", tomorrow, 2) }).click();
      await expect(d).toHaveURL(/\/book\/[A-Z0-9]+$/);
      await d.getByLabel("Name", { exact: true }).fill(`Dana ${w}`);
      await d.getByLabel("Email", { exact: true }).fill(`dana-${w}@example.test`);
      await d.getByRole("button", { name: "Confirm booking" }).click();
      await expect(d.getByRole("heading", { level: 1, name: "You’re booked" })).toBeVisible();
    } finally {
      await diner.close();
    }

    // It appears on the owner's timeline without a reload (the book polls every few seconds).
    const block = page.getByRole("button", { name: new RegExp(`^Dana ${w}, party of 2, 19:00 to 20:30, table T\\d, Confirmed$`) });
    await expect(block).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("status").filter({ hasText: `New booking: Dana ${w}, party of 2, at 19:00.` })).toBeAttached();

    // Seating is for the service that is on: tomorrow's booking is refused, clearly, and unchanged.
    await block.click();
    const dialog = page.getByRole("dialog", { name: new RegExp(`Dana ${w}`) });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Seat" }).click();
    await expect(dialog.getByRole("alert")).toHaveText(`Only today's bookings can be seated: this one is for ${longDate(tomorrow)}.`);
    await dialog.getByRole("button", { name: "Close details" }).click();
    const [row] = await e2eDb().sql`select status from reservations where guest_name = ${`Dana ${w}`}`;
    expect(row?.status).toBe("confirmed");
    // Two overlapping reservations on one table: the second is refused, clearly. (From 20:30, when
    // Dana's table is free again: equally good tables are shuffled, so hers may be either.)
    await page.getByRole("button", { name: "Phone booking" }).click();
    const phone = page.getByRole("form", { name: "Phone booking" });
    await phone.getByLabel("Time").selectOption({ label: "20:30 · Dinner" });
    await phone.getByLabel("Party size").fill("2");
    await phone.getByLabel("Table").selectOption({ label: "T2 (1–4 seats)" });
    await phone.getByLabel("Guest name").fill(`First ${w}`);
    await phone.getByRole("button", { name: "Book it" }).click();
    await expect(page.getByRole("button", { name: new RegExp(`^First ${w}, party of 2, 20:30 to 22:00, table T2, Confirmed$`) })).toBeVisible();
    await page.getByRole("button", { name: "Phone booking" }).click();
    await phone.getByLabel("Time").selectOption({ label: "21:00 · Dinner" });
    await phone.getByLabel("Table").selectOption({ label: "T2 (1–4 seats)" });
    await phone.getByLabel("Guest name").fill(`Second ${w}`);
    await phone.getByRole("button", { name: "Book it" }).click();
    await expect(phone.getByRole("alert")).toHaveText("Table T2 already has a reservation that overlaps that time.");
    const overlapping = await e2eDb().sql`select count(*)::int as n from reservations where guest_name = ${`Second ${w}`}`;
    expect(overlapping[0]?.n).toBe(0);

    // Moving a booking onto another that overlaps is refused the same way.
    await phone.getByLabel("Table").selectOption({ label: "T1 (1–4 seats)" });
    await phone.getByRole("button", { name: "Book it" }).click();
    const second = page.getByRole("button", { name: new RegExp(`^Second ${w}, party of 2, 21:00 to 22:30, table T1, Confirmed$`) });
    await expect(second).toBeVisible();
    await second.click();
    const moveDialog = page.getByRole("dialog", { name: new RegExp(`Second ${w}`) });
    await moveDialog.getByLabel("Table").selectOption({ label: "T2 (4 seats)" });
    await moveDialog.getByRole("button", { name: "Move reservation" }).click();
    await expect(moveDialog.getByRole("alert")).toContainText("Table T2 already has a reservation that overlaps 21:00–22:30");
    await moveDialog.getByRole("button", { name: "Close details" }).click();

    // A walk-in, seated now on a free table (today's book).
    await page.getByRole("navigation", { name: "Restaurant workspace" }).getByRole("link", { name: "Book" }).click();
    await expect(page).toHaveURL(`/manage/${slug}`);
    await page.getByRole("button", { name: "Walk-in" }).click();
    const walkIn = page.getByRole("form", { name: "Walk-in" });
    await walkIn.getByLabel("Party size").fill("3");
    await expect(walkIn.getByText("2 free now.")).toBeVisible();
    await walkIn.getByLabel("Table").selectOption({ label: "T2 (4 seats)" });
    await walkIn.getByLabel("Name").fill(`Walker ${w}`);
    await walkIn.getByRole("button", { name: "Seat now" }).click();
    await expect(page.getByRole("button", { name: new RegExp(`^Walker ${w}, party of 3, .*, table T2, Seated$`) })).toBeVisible();
    const [walk] = await e2eDb().sql`select status, source from reservations where guest_name = ${`Walker ${w}`}`;
    expect(walk).toMatchObject({ status: "seated", source: "walk_in" });

    // Finish the walk-in's table: the dialog closes and the book offers an Undo.
    await page.getByRole("button", { name: new RegExp(`^Walker ${w}, party of 3, .*, Seated$`) }).click();
    await page.getByRole("dialog", { name: new RegExp(`Walker ${w}`) }).getByRole("button", { name: "Finish" }).click();
    await expect(page.getByTestId("undo-toast")).toContainText(`Walker ${w}: table finished.`);
    await expect(page.getByRole("button", { name: new RegExp(`^Walker ${w}, .*, Finished$`) })).toBeVisible();
  });
});
