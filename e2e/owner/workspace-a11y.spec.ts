import { notifications } from "@/db/schema";
import { insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, horizontalOverflow, localDate, mailedInvitePath, seriousA11yViolations, signIn, test, type StaffedRestaurant } from "./support/fixtures";

/**
 * axe (WCAG 2.x A/AA) on every workspace page with no serious or critical finding, at desktop, tablet
 * and phone widths, with a screenshot of each for review; no page scrolls sideways on a phone (the
 * timeline and wide tables scroll inside their own regions).
 */
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "tablet", width: 820, height: 1180 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function withBookings(): Promise<StaffedRestaurant> {
  const r = await createStaffedRestaurant("Europe/London");
  const { db } = e2eDb();
  const today = localDate(r.timezone, 0);
  const now = Date.now();
  const at = (minutes: number) => new Date(Math.floor((now + minutes * 60_000) / 900_000) * 900_000);
  const [t1, t2, t3] = r.tables;
  await insertReservation(db, { restaurantId: r.id, tableId: t1!.id, startsAt: at(-30), endsAt: at(60), status: "seated", partySize: 2, serviceDate: today });
  const confirmed = await insertReservation(db, { restaurantId: r.id, tableId: t2!.id, startsAt: at(60), endsAt: at(150), status: "confirmed", partySize: 4, serviceDate: today });
  await insertReservation(db, { restaurantId: r.id, tableId: t3!.id, startsAt: at(120), endsAt: at(210), status: "held", partySize: 5, serviceDate: today });
  await insertReservation(db, { restaurantId: r.id, tableId: t1!.id, startsAt: at(-240), endsAt: at(-150), status: "completed", partySize: 2, serviceDate: today });
  await insertReservation(db, { restaurantId: r.id, tableId: t3!.id, startsAt: at(-200), endsAt: at(-110), status: "no_show", partySize: 3, serviceDate: today });
  await e2eDb().sql`update reservations set guest_name = 'Ada Lovelace', guest_email = 'ada@example.test', guest_phone = '+44 20 7946 0000', notes = 'Window if possible' where id = ${confirmed.id}`;
  await db.insert(notifications).values({ reservationId: confirmed.id, kind: "confirmation", toEmail: "ada@example.test", status: "sent", sentAt: new Date() });
  return r;
}

test.describe("workspace pages: accessibility and layout", () => {
  test.setTimeout(150_000);

  for (const vp of VIEWPORTS) {
    test(`every page at ${vp.name} width (${vp.width}px): no serious or critical axe violation`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      const r = await withBookings();
      await signIn(page, r.staff.owner, "/manage");
      const base = `/manage/${r.slug}`;

      // An invite link, for the invite page.
      await page.goto(`${base}/staff`);
      await page.getByLabel("Email").fill(`invitee-${r.slug}@example.test`);
      await page.getByRole("button", { name: "Send invite" }).click();
      const invitePath = await mailedInvitePath(`invitee-${r.slug}@example.test`);

      const pages: { name: string; path: string; ready: (p: typeof page) => Promise<void> }[] = [
        { name: "restaurants", path: "/manage", ready: (p) => expect(p.getByRole("heading", { level: 1, name: "Your restaurants" })).toBeVisible() },
        { name: "new", path: "/manage/new", ready: (p) => expect(p.getByRole("heading", { level: 1, name: "Create your restaurant" })).toBeVisible() },
        { name: "book", path: base, ready: (p) => expect(p.getByTestId("timeline-block")).toHaveCount(5) },
        {
          name: "book-list",
          path: base,
          ready: async (p) => {
            await p.getByRole("button", { name: "List", exact: true }).click();
            await expect(p.getByTestId("book-row")).toHaveCount(5);
          },
        },
        {
          name: "book-dialog",
          path: base,
          ready: async (p) => {
            await p.getByRole("button", { name: /^Ada Lovelace, party of 4/ }).click();
            await expect(p.getByRole("dialog", { name: /Ada Lovelace/ })).toBeVisible();
            await expect(p.getByTestId("guest-summary")).toContainText("First visit");
          },
        },
        {
          name: "book-walk-in",
          path: base,
          ready: async (p) => {
            await p.getByRole("button", { name: "Walk-in" }).click();
            await expect(p.getByRole("form", { name: "Walk-in" })).toBeVisible();
          },
        },
        {
          name: "book-phone",
          path: base,
          ready: async (p) => {
            await p.getByRole("button", { name: "Phone booking" }).click();
            await expect(p.getByRole("form", { name: "Phone booking" })).toBeVisible();
          },
        },
        { name: "floor", path: `${base}/floor`, ready: (p) => expect(p.getByTestId("table-T1")).toBeVisible() },
        { name: "sessions", path: `${base}/sessions`, ready: (p) => expect(p.getByRole("heading", { level: 2, name: "Dinner" })).toBeVisible() },
        {
          name: "sessions-edit",
          path: `${base}/sessions`,
          ready: async (p) => {
            await p.getByRole("button", { name: "Edit Dinner" }).click();
            await expect(p.getByTestId("session-preview")).toContainText("seatings from this session");
          },
        },
        { name: "closures", path: `${base}/closures`, ready: (p) => expect(p.getByRole("form", { name: "Add a closure" })).toBeVisible() },
        { name: "settings", path: `${base}/settings`, ready: (p) => expect(p.getByRole("heading", { name: "Booking policy" })).toBeVisible() },
        { name: "setup", path: `${base}/setup`, ready: (p) => expect(p.getByRole("heading", { name: "Publish (done)" })).toBeVisible() },
        { name: "staff", path: `${base}/staff`, ready: (p) => expect(p.getByRole("heading", { name: "Open invites" })).toBeVisible() },
        { name: "reports", path: `${base}/reports`, ready: (p) => expect(p.getByRole("heading", { name: "By day" })).toBeVisible() },
        { name: "guests", path: `${base}/guests`, ready: (p) => expect(p.getByTestId("guest-row")).toHaveCount(1) },
        {
          name: "guest-profile",
          path: `${base}/guests`,
          ready: async (p) => {
            await p.getByRole("link", { name: "Ada Lovelace" }).click();
            await expect(p.getByRole("form", { name: "Staff notes on this guest" })).toBeVisible();
          },
        },
        { name: "invite", path: invitePath, ready: (p) => expect(p.getByRole("heading", { level: 1, name: r.name })).toBeVisible() },
      ];

      const problems: string[] = [];
      for (const entry of pages) {
        await page.goto(entry.path);
        await entry.ready(page);
        for (const v of await seriousA11yViolations(page)) problems.push(`${entry.name} @${vp.name}: ${v}`);
        if (vp.name === "phone") {
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) problems.push(`${entry.name} @phone scrolls sideways by ${overflow}px`);
        }
        await page.screenshot({ path: testInfo.outputPath(`screens/${entry.name}-${vp.name}.png`), fullPage: true });
      }
      expect(problems).toEqual([]);
    });
  }
});
