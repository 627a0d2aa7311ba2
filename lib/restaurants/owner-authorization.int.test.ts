import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Tests call the route handlers exactly as Next does; services never import app/.
// eslint-disable-next-line no-restricted-imports
import { GET as bookRoute } from "@/app/manage/[slug]/book/route";
// eslint-disable-next-line no-restricted-imports
import { GET as csvRoute } from "@/app/manage/[slug]/reports/export/route";
// eslint-disable-next-line no-restricted-imports
import { GET as guestsCsvRoute } from "@/app/manage/[slug]/guests/export/route";
// eslint-disable-next-line no-restricted-imports
import { GET as experienceGuestsRoute } from "@/app/manage/[slug]/experiences/[id]/guests/route";
// eslint-disable-next-line no-restricted-imports
import { GET as experienceCsvRoute } from "@/app/manage/[slug]/experiences/[id]/export/route";
import { reservations } from "@/db/schema";
import { cancelExperience, checkInGuest, createExperience, getGuestList, undoCheckIn, updateExperience } from "@/lib/experiences";
import { getGuestProfile, getGuestSummaryForReservation, listGuests, listGuestsForExport, lookupGuests, updateGuestProfile } from "@/lib/guests";
import { listReviewsForOwner } from "@/lib/reviews";
import { call, tokenFor } from "@/lib/api/testing";
import type { Principal } from "@/lib/auth/principal";
import { fixedClock } from "@/lib/clock";
import { DomainError } from "@/lib/errors";
import { getReport } from "@/lib/reports/report";
import { getDayBook } from "@/lib/reservations/day-book";
import { cancelFromBook, createPhoneBooking, seatWalkIn, setReservationStatus, undoReservationStatus } from "@/lib/reservations/front-of-house";
import { moveReservation } from "@/lib/reservations/move";
import { updateReservationNotes } from "@/lib/reservations/notes";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertReservation, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { requirePermission, PERMISSIONS, type Permission } from "./access";
import { createClosure, deleteClosure } from "./closures";
import { getSetupChecklist, publishRestaurant, unpublishRestaurant } from "./publish";
import { updateRestaurant } from "./restaurants";
import { listReservationsOutsideRules } from "./rule-impact";
import { createSession, deleteSession, listUpcomingBookingsBySession, updateSession } from "./sessions";
import { changeMemberRole, inviteMember, listStaff, removeMember, resendInvite, revokeInvite } from "./staff";
import { getTableUsage } from "./table-usage";
import { createTable, deleteTable, updateTable } from "./tables";
import { principalOf } from "@/lib/testing/expect-domain";

/**
 * The owner workspace's authorisation matrix (issue: every owner server action and route, as owner,
 * manager, host, a member of another restaurant, a diner and anonymous). Each server action in
 * app/manage/*-actions.ts is a thin wrapper over exactly one of the services below, which does its own
 * permission check; the JSON and CSV route handlers are called as the browser would.
 */

type Who = "owner" | "manager" | "host" | "otherMember" | "diner" | "anonymous";
const WHO: Who[] = ["owner", "manager", "host", "otherMember", "diner", "anonymous"];
type Outcome = "ok" | "forbidden" | "not_found" | "unauthenticated";

let t: TestDb;
let A: { id: string; slug: string; t1: string; t2: string; session: string };
let B: { id: string; table: string; reservation: string; invite: string; member: string };
const principals = {} as Record<Who, Principal | null>;
const tokens = {} as Record<Who, string | undefined>;
let counter = 0;
/** A fresh far-future day per call, so allowed bookings never collide with each other. */
const nextDay = () => new Date(Date.UTC(2031, 0, 1 + counter++, 10, 0));

beforeAll(async () => {
  t = await openTestApp();
  const a = await insertRestaurant(t.db, { timezone: "UTC", published: false });
  const session = await insertSession(t.db, a.id, { firstSeating: "09:00", lastSeating: "22:00", intervalMinutes: 60, turnMinutes: 60 });
  A = {
    id: a.id,
    slug: a.slug,
    t1: (await insertTable(t.db, a.id, { label: "A1", maxSeats: 20 })).id,
    t2: (await insertTable(t.db, a.id, { label: "A2", maxSeats: 20 })).id,
    session: session.id,
  };
  const b = await insertRestaurant(t.db);
  const bTable = await insertTable(t.db, b.id, { label: "B1" });
  const users = {
    owner: await insertUser(t.db),
    manager: await insertUser(t.db),
    host: await insertUser(t.db),
    otherMember: await insertUser(t.db),
    diner: await insertUser(t.db),
    bHost: await insertUser(t.db),
  };
  await insertMember(t.db, a.id, users.owner.id, "owner");
  await insertMember(t.db, a.id, users.manager.id, "manager");
  await insertMember(t.db, a.id, users.host.id, "host");
  await insertMember(t.db, b.id, users.otherMember.id, "owner");
  await insertMember(t.db, b.id, users.bHost.id, "host");
  for (const w of WHO) {
    principals[w] = w === "anonymous" ? null : principalOf(users[w]);
    tokens[w] = w === "anonymous" ? undefined : await tokenFor(users[w]);
  }
  const bReservation = await insertReservation(t.db, { restaurantId: b.id, tableId: bTable.id, startsAt: nextDay(), endsAt: new Date(nextDay().getTime() + 3_600_000) });
  const bInvite = await inviteMember(t.db, principals.otherMember, b.id, { email: "b-invitee@example.test", role: "host" });
  await t.sql`update reservations set guest_email = 'b-guest@example.test' where id = ${bReservation.id}`;
  B = { id: b.id, table: bTable.id, reservation: bReservation.id, invite: bInvite.invite.id, member: users.bHost.id };
});
afterAll(() => closeTestApp(t));

async function outcome(p: Promise<unknown>): Promise<Outcome | string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

async function reservationOnA(status: "confirmed" | "seated" | "completed" | "no_show" = "confirmed") {
  const start = nextDay();
  return insertReservation(t.db, { restaurantId: A.id, tableId: A.t1, startsAt: start, endsAt: new Date(start.getTime() + 3_600_000), status, serviceDate: start.toISOString().slice(0, 10) });
}

/** A guest with one completed booking at A; returns the guest's key. */
async function guestOnA(): Promise<string> {
  const r = await reservationOnA("completed");
  const email = `guest-${counter++}@example.test`;
  await t.sql`update reservations set guest_name = 'Guest', guest_email = ${email} where id = ${r.id}`;
  return `email:${email}`;
}

/** A published experience at A a week ahead (made by its owner), one free section of 10 seats. */
async function experienceOnA() {
  return createExperience(t.db, {
    restaurantId: A.id,
    principal: principals.owner,
    experience: {
      name: `Night ${counter++}`,
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      durationMinutes: 120,
      currency: "EUR",
      sections: [{ name: "Room", capacity: 10, price_cents: 0 }],
      published: true,
    },
  });
}

/** A seat booking at one of A's experiences, on today's service date (check-in is for the night itself). */
async function seatGuestOnA(status: "confirmed" | "seated" = "confirmed") {
  const e = await experienceOnA();
  const [row] = await t.db
    .insert(reservations)
    .values({
      restaurantId: A.id,
      tableId: null,
      experienceId: e.id,
      sectionId: e.sections[0]!.id,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      status,
      partySize: 2,
      serviceDate: new Date().toISOString().slice(0, 10),
      code: `X${counter++}`.padEnd(6, "Q"),
      source: "web",
      guestName: "Seat Guest",
    })
    .returning();
  return { experienceId: e.id, reservationId: row!.id };
}

type Level = "book" | "manager" | "owner";
interface Op {
  name: string;
  level: Level;
  run: (p: Principal | null) => Promise<unknown>;
}

/** Each op prepares what it needs, so an allowed call succeeds for a business reason too. */
const ops: Op[] = [
  // The day's book (every role).
  { name: "getDayBook (book page, JSON route)", level: "book", run: (p) => getDayBook(t.db, { restaurantId: A.id, principal: p, date: "2031-01-01" }) },
  {
    name: "createPhoneBooking (phoneBookingAction)",
    level: "book",
    run: (p) => createPhoneBooking(t.db, { restaurantId: A.id, principal: p, startsAt: nextDay(), partySize: 2, name: "Phone" }, { clock: fixedClock("2030-12-01T00:00:00Z") }),
  },
  {
    name: "seatWalkIn (walkInAction)",
    level: "book",
    run: (p) => seatWalkIn(t.db, { restaurantId: A.id, principal: p, partySize: 2 }, { clock: fixedClock(nextDay()) }),
  },
  {
    name: "setReservationStatus seated (setStatusAction)",
    level: "book",
    run: async (p) => {
      const r = await reservationOnA();
      return setReservationStatus(t.db, { restaurantId: A.id, reservationId: r.id, principal: p, status: "seated" }, { clock: fixedClock(r.startsAt) });
    },
  },
  { name: "setReservationStatus completed (setStatusAction)", level: "book", run: async (p) => setReservationStatus(t.db, { restaurantId: A.id, reservationId: (await reservationOnA("seated")).id, principal: p, status: "completed" }) },
  {
    name: "setReservationStatus no_show (setStatusAction)",
    level: "book",
    run: async (p) => {
      const r = await reservationOnA();
      return setReservationStatus(t.db, { restaurantId: A.id, reservationId: r.id, principal: p, status: "no_show" }, { clock: fixedClock(r.startsAt) });
    },
  },
  // Guests: every role on the floor reads and writes profiles; only owners and managers export them.
  { name: "lookupGuests (lookupGuestsAction)", level: "book", run: async (p) => lookupGuests(t.db, p, A.id, { email: (await guestOnA()).slice(6) }) },
  { name: "listGuests (guests page)", level: "book", run: (p) => listGuests(t.db, p, A.id, { q: "guest" }) },
  { name: "getGuestProfile (guest profile page)", level: "book", run: async (p) => getGuestProfile(t.db, p, A.id, await guestOnA()) },
  {
    name: "getGuestSummaryForReservation (guestSummaryAction)",
    level: "book",
    run: async (p) => {
      const key = await guestOnA();
      const [r] = await t.sql`select id from reservations where restaurant_id = ${A.id} and guest_email = ${key.slice(6)}`;
      return getGuestSummaryForReservation(t.db, p, A.id, String(r!.id));
    },
  },
  { name: "updateGuestProfile (updateGuestProfileAction)", level: "book", run: async (p) => updateGuestProfile(t.db, p, A.id, await guestOnA(), { tags: ["VIP"], allergies: "Nuts", notes: null }) },
  { name: "listGuestsForExport (guests CSV route)", level: "manager", run: (p) => listGuestsForExport(t.db, p, A.id, {}) },
  // Undo: every role within the host window (the change was just made).
  ...(["seated", "completed", "no_show"] as const).map(
    (from): Op => ({
      name: `undoReservationStatus from ${from} (undoStatusAction)`,
      level: "book",
      run: async (p) => {
        const r = await reservationOnA(from);
        return undoReservationStatus(t.db, { restaurantId: A.id, reservationId: r.id, principal: p, from });
      },
    }),
  ),
  // Reverting later than the host window: owners and managers only.
  {
    name: "undoReservationStatus after the host window (undoStatusAction)",
    level: "manager",
    run: async (p) => {
      const r = await reservationOnA("no_show");
      await t.sql`update reservations set updated_at = now() - interval '1 hour' where id = ${r.id}`;
      return undoReservationStatus(t.db, { restaurantId: A.id, reservationId: r.id, principal: p, from: "no_show" });
    },
  },
  { name: "cancelFromBook (cancelReservationAction)", level: "book", run: async (p) => cancelFromBook(t.db, { restaurantId: A.id, reservationId: (await reservationOnA()).id, principal: p }) },
  {
    name: "moveReservation (moveReservationAction)",
    level: "book",
    run: async (p) => moveReservation(t.db, { restaurantId: A.id, reservationId: (await reservationOnA()).id, principal: p, tableId: A.t2 }, { clock: fixedClock("2030-12-01T00:00:00Z") }),
  },
  { name: "updateReservationNotes (saveNotesAction)", level: "book", run: async (p) => updateReservationNotes(t.db, { restaurantId: A.id, reservationId: (await reservationOnA()).id, principal: p, notes: "VIP" }) },
  // Owners and managers.
  { name: "createTable (createTableAction)", level: "manager", run: (p) => createTable(t.db, p, A.id, { label: `N${counter++}`, minSeats: 1, maxSeats: 2 }) },
  { name: "updateTable (updateTableAction)", level: "manager", run: async (p) => updateTable(t.db, p, A.id, (await insertTable(t.db, A.id)).id, { area: "Patio" }) },
  { name: "deleteTable (deleteTableAction)", level: "manager", run: async (p) => deleteTable(t.db, p, A.id, (await insertTable(t.db, A.id)).id) },
  { name: "getTableUsage (floor page)", level: "manager", run: (p) => getTableUsage(t.db, p, A.id) },
  {
    name: "createSession (createSessionAction)",
    level: "manager",
    run: (p) => createSession(t.db, p, A.id, { name: "Lunch", days: [1], firstSeating: "12:00", lastSeating: "13:00", turnMinutes: 60 }),
  },
  { name: "updateSession (updateSessionAction)", level: "manager", run: async (p) => updateSession(t.db, p, A.id, (await insertSession(t.db, A.id)).id, { name: "Late" }) },
  { name: "listUpcomingBookingsBySession (sessions page: the delete dialog)", level: "manager", run: (p) => listUpcomingBookingsBySession(t.db, p, A.id) },
  { name: "deleteSession (deleteSessionAction)", level: "manager", run: async (p) => deleteSession(t.db, p, A.id, (await insertSession(t.db, A.id)).id) },
  { name: "createClosure (createClosureAction)", level: "manager", run: (p) => createClosure(t.db, p, A.id, { startDate: "2035-01-01", endDate: "2035-01-01" }) },
  {
    name: "deleteClosure (deleteClosureAction)",
    level: "manager",
    run: async (p) => {
      const [c] = await t.sql`insert into closures (restaurant_id, start_date, end_date) values (${A.id}, '2036-01-01', '2036-01-01') returning id`;
      return deleteClosure(t.db, p, A.id, String(c!.id));
    },
  },
  { name: "listReservationsOutsideRules (sessions, closures, floor pages)", level: "manager", run: (p) => listReservationsOutsideRules(t.db, p, A.id) },
  { name: "updateRestaurant profile (updateProfileAction)", level: "manager", run: (p) => updateRestaurant(t.db, p, A.id, { cuisine: "Thai" }) },
  { name: "updateRestaurant policy (updatePolicyAction)", level: "manager", run: (p) => updateRestaurant(t.db, p, A.id, { policy: { holdMinutes: 12 } }) },
  { name: "publishRestaurant (setPublishedAction)", level: "manager", run: (p) => publishRestaurant(t.db, p, A.id) },
  { name: "unpublishRestaurant (setPublishedAction)", level: "manager", run: (p) => unpublishRestaurant(t.db, p, A.id) },
  { name: "getReport (reports page, CSV route)", level: "manager", run: (p) => getReport(t.db, p, A.id, { from: "2031-01-01", to: "2031-01-31" }) },
  // Owners only.
  { name: "listStaff (staff page)", level: "owner", run: (p) => listStaff(t.db, p, A.id) },
  { name: "inviteMember (inviteMemberAction)", level: "owner", run: (p) => inviteMember(t.db, p, A.id, { email: `x${counter++}@example.test`, role: "host" }) },
  {
    name: "revokeInvite (revokeInviteAction)",
    level: "owner",
    run: async (p) => revokeInvite(t.db, p, A.id, (await inviteMember(t.db, principals.owner, A.id, { email: `r${counter++}@example.test`, role: "host" })).invite.id),
  },
  {
    name: "resendInvite (resendInviteAction)",
    level: "owner",
    run: async (p) => resendInvite(t.db, p, A.id, (await inviteMember(t.db, principals.owner, A.id, { email: `s${counter++}@example.test`, role: "host" })).invite.id),
  },
  {
    name: "changeMemberRole (changeRoleAction)",
    level: "owner",
    run: async (p) => {
      const u = await insertUser(t.db);
      await insertMember(t.db, A.id, u.id, "host");
      return changeMemberRole(t.db, p, A.id, u.id, "manager");
    },
  },
  {
    name: "removeMember (removeMemberAction)",
    level: "owner",
    run: async (p) => {
      const u = await insertUser(t.db);
      await insertMember(t.db, A.id, u.id, "host");
      return removeMember(t.db, p, A.id, u.id);
    },
  },
  // The onboarding checklist is readable by every member (it only counts).
  { name: "getSetupChecklist (setup page)", level: "book", run: (p) => getSetupChecklist(t.db, p, A.id) },
  { name: "listReviewsForOwner (reviews page)", level: "manager", run: (p) => listReviewsForOwner(t.db, { restaurantId: A.id, principal: p }) },
  // Experiences: owners and managers run them; every role sees the guest list and checks guests in.
  {
    name: "createExperience (createExperienceAction)",
    level: "manager",
    run: (p) =>
      createExperience(t.db, {
        restaurantId: A.id,
        principal: p,
        experience: { name: "Wine dinner", startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 120, currency: "EUR", sections: [{ name: "Room", capacity: 8, price_cents: 0 }] },
      }),
  },
  {
    name: "updateExperience (updateExperienceAction, setExperiencePublishedAction)",
    level: "manager",
    run: async (p) => updateExperience(t.db, { experienceId: (await experienceOnA()).id, principal: p, changes: { published: false } }),
  },
  { name: "cancelExperience (cancelExperienceAction)", level: "manager", run: async (p) => cancelExperience(t.db, { experienceId: (await experienceOnA()).id, principal: p }) },
  { name: "getGuestList (experience page, guests JSON route)", level: "book", run: async (p) => getGuestList(t.db, { experienceId: (await experienceOnA()).id, principal: p }) },
  {
    name: "checkInGuest (checkInGuestAction)",
    level: "book",
    run: async (p) => checkInGuest(t.db, { ...(await seatGuestOnA()), principal: p }),
  },
  {
    name: "undoCheckIn (undoCheckInAction)",
    level: "book",
    run: async (p) => undoCheckIn(t.db, { ...(await seatGuestOnA("seated")), principal: p }),
  },
];

const EXPECTED: Record<Level, Record<Who, Outcome>> = {
  book: { owner: "ok", manager: "ok", host: "ok", otherMember: "not_found", diner: "not_found", anonymous: "unauthenticated" },
  manager: { owner: "ok", manager: "ok", host: "forbidden", otherMember: "not_found", diner: "not_found", anonymous: "unauthenticated" },
  owner: { owner: "ok", manager: "forbidden", host: "forbidden", otherMember: "not_found", diner: "not_found", anonymous: "unauthenticated" },
};

describe("owner workspace services: the role matrix", () => {
  const cases = ops.flatMap((op) => WHO.map((who) => ({ op: op.name, who, run: op.run, expected: EXPECTED[op.level][who] })));
  it.each(cases)("$op as $who → $expected", async ({ who, run, expected }) => {
    expect(await outcome(run(principals[who]))).toBe(expected);
  });

  it("matches the permission matrix in access.ts (owner all; manager all but staff and deleting; host the book)", async () => {
    const levels: Record<Permission, Level | "owner"> = {
      "restaurant.update": "manager",
      "restaurant.delete": "owner",
      "restaurant.publish": "manager",
      "floor.manage": "manager",
      "sessions.manage": "manager",
      "closures.manage": "manager",
      "staff.manage": "owner",
      "book.view": "book",
      "book.manage": "book",
      "reports.view": "manager",
      "reviews.reply": "manager",
      "guests.view": "book",
      "guests.edit": "book",
      "guests.export": "manager",
    };
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(levels).sort());
    for (const [permission, level] of Object.entries(levels) as [Permission, Level][]) {
      for (const who of WHO) {
        expect(await outcome(requirePermission(t.db, principals[who], A.id, permission)), `${permission} as ${who}`).toBe(EXPECTED[level][who]);
      }
    }
  });
});

describe("owner workspace routes: the role matrix", () => {
  const HTTP: Record<Outcome, number> = { ok: 200, forbidden: 403, not_found: 404, unauthenticated: 401 };
  const routes = [
    { name: "GET /manage/[slug]/book", handler: bookRoute, level: "book" as Level, query: "?date=2031-01-01" },
    { name: "GET /manage/[slug]/reports/export", handler: csvRoute, level: "manager" as Level, query: "?from=2031-01-01&to=2031-01-07" },
    { name: "GET /manage/[slug]/guests/export", handler: guestsCsvRoute, level: "manager" as Level, query: "?q=guest" },
  ];
  const cases = routes.flatMap((r) => WHO.map((who) => ({ ...r, who, status: HTTP[EXPECTED[r.level][who]] })));
  it.each(cases)("$name as $who → $status", async ({ handler, query, who, status }) => {
    const res = await call(handler, { path: `/manage/${A.slug}/x${query}`, params: { slug: A.slug }, token: tokens[who] });
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.json.error.code).toBe(Object.entries(HTTP).find(([, s]) => s === status)![0]);
  });

  const experienceRoutes = [
    { name: "GET /manage/[slug]/experiences/[id]/guests", handler: experienceGuestsRoute, level: "book" as Level },
    { name: "GET /manage/[slug]/experiences/[id]/export", handler: experienceCsvRoute, level: "manager" as Level },
  ];
  const experienceCases = experienceRoutes.flatMap((r) => WHO.map((who) => ({ ...r, who, status: HTTP[EXPECTED[r.level][who]] })));
  it.each(experienceCases)("$name as $who → $status", async ({ handler, who, status }) => {
    const e = await experienceOnA();
    const res = await call(handler, { path: `/manage/${A.slug}/experiences/${e.id}/x`, params: { slug: A.slug, id: e.id }, token: tokens[who] });
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.json.error.code).toBe(Object.entries(HTTP).find(([, s]) => s === status)![0]);
  });

  it("an experience of another restaurant is not found through A's workspace URL, even for A's owner", async () => {
    const other = await createExperience(t.db, {
      restaurantId: B.id,
      principal: principals.otherMember,
      experience: { name: "Elsewhere", startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 60, currency: "EUR", sections: [{ name: "Room", capacity: 4, price_cents: 0 }] },
    });
    for (const handler of [experienceGuestsRoute, experienceCsvRoute]) {
      const res = await call(handler, { path: `/manage/${A.slug}/experiences/${other.id}/x`, params: { slug: A.slug, id: other.id }, token: tokens.owner });
      expect(res.status).toBe(404);
    }
  });

  it("the JSON book is the day's book; the CSV is a download with a total line", async () => {
    const book = await call(bookRoute, { path: `/manage/${A.slug}/book?date=2031-01-01`, params: { slug: A.slug }, token: tokens.host });
    expect(book.json).toMatchObject({ date: "2031-01-01", restaurant: { id: A.id, slug: A.slug }, role: "host" });
    const csv = await call(csvRoute, { path: `/manage/${A.slug}/reports/export?from=2031-01-01&to=2031-01-02`, params: { slug: A.slug }, token: tokens.manager });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="${A.slug}-report-2031-01-01-to-2031-01-02.csv"`);
    expect(csv.text.trimEnd().split("\r\n")).toHaveLength(4);
  });

  it("the guests CSV is a download with one escaped, formula-safe line per guest found", async () => {
    const key = await guestOnA();
    const email = key.slice(6);
    await t.sql`update reservations set guest_name = ${'=HYPERLINK("http://x")'}, guest_phone = '+447700900123' where guest_email = ${email}`;
    await updateGuestProfile(t.db, principals.host, A.id, key, { tags: ["VIP", "Window, left"], allergies: "@nuts", notes: 'Says "hi"\nTwice' });
    const csv = await call(guestsCsvRoute, { path: `/manage/${A.slug}/guests/export?q=${encodeURIComponent(email)}`, params: { slug: A.slug }, token: tokens.owner });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${A.slug}-guests-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    expect(csv.text).toBe(
      "name,email,phone,visits,covers,no_shows,cancellations,upcoming,last_visit,tags,allergies,notes\r\n" +
        `"'=HYPERLINK(""http://x"")",${email},'+447700900123,1,2,0,0,0,${(await t.sql`select service_date::text as d from reservations where guest_email = ${email}`)[0]!.d},"VIP; Window, left",'@nuts,"Says ""hi""\nTwice"\r\n`,
    );
    const bad = await call(guestsCsvRoute, { path: `/manage/${A.slug}/guests/export?q=${"x".repeat(101)}`, params: { slug: A.slug }, token: tokens.owner });
    expect(bad.status).toBe(400);
  });

  it("refuses a bad date with 400 and an unknown slug with 404", async () => {
    const bad = await call(bookRoute, { path: `/manage/${A.slug}/book?date=2031-02-30`, params: { slug: A.slug }, token: tokens.owner });
    expect(bad.status).toBe(400);
    const unknown = await call(bookRoute, { path: "/manage/nope/book", params: { slug: "no-such-restaurant" }, token: tokens.owner });
    expect(unknown.status).toBe(404);
  });
});

describe("called directly with another restaurant's ids → refused, nothing changes", () => {
  const snapshot = () => t.sql`
    select (select json_agg(r order by id) from reservations r where restaurant_id = ${B.id}) as reservations,
           (select json_agg(i order by id) from restaurant_invites i where restaurant_id = ${B.id}) as invites,
           (select json_agg(m order by user_id) from restaurant_members m where restaurant_id = ${B.id}) as members,
           (select json_agg(x order by id) from dining_tables x where restaurant_id = ${B.id}) as tables,
           (select json_agg(g order by id) from guest_profiles g where restaurant_id = ${B.id}) as guests`;

  const mixed: { name: string; run: () => Promise<unknown> }[] = [
    { name: "seat B's reservation via A", run: () => setReservationStatus(t.db, { restaurantId: A.id, reservationId: B.reservation, principal: principals.owner, status: "seated" }) },
    { name: "undo on B's reservation via A", run: () => undoReservationStatus(t.db, { restaurantId: A.id, reservationId: B.reservation, principal: principals.owner, from: "no_show" }) },
    { name: "no-show B's reservation via A", run: () => setReservationStatus(t.db, { restaurantId: A.id, reservationId: B.reservation, principal: principals.owner, status: "no_show" }) },
    { name: "cancel B's reservation via A", run: () => cancelFromBook(t.db, { restaurantId: A.id, reservationId: B.reservation, principal: principals.owner }) },
    { name: "move B's reservation via A", run: () => moveReservation(t.db, { restaurantId: A.id, reservationId: B.reservation, principal: principals.owner, tableId: A.t2 }) },
    { name: "move B's reservation (no restaurant id)", run: () => moveReservation(t.db, { reservationId: B.reservation, principal: principals.owner, tableId: B.table }) },
    { name: "notes on B's reservation via A", run: () => updateReservationNotes(t.db, { restaurantId: A.id, reservationId: B.reservation, principal: principals.owner, notes: "mine" }) },
    { name: "phone booking on B's table via A", run: () => createPhoneBooking(t.db, { restaurantId: A.id, principal: principals.owner, startsAt: nextDay(), partySize: 2, name: "X", tableId: B.table }) },
    { name: "walk-in on B's table via A", run: () => seatWalkIn(t.db, { restaurantId: A.id, principal: principals.owner, partySize: 2, tableId: B.table }, { clock: fixedClock(nextDay()) }) },
    { name: "revoke B's invite via A", run: () => revokeInvite(t.db, principals.owner, A.id, B.invite) },
    { name: "resend B's invite via A", run: () => resendInvite(t.db, principals.owner, A.id, B.invite) },
    { name: "change the role of B's member via A", run: () => changeMemberRole(t.db, principals.owner, A.id, B.member, "owner") },
    { name: "remove B's member via A", run: () => removeMember(t.db, principals.owner, A.id, B.member) },
    { name: "profile of B's guest via A", run: () => updateGuestProfile(t.db, principals.owner, A.id, "email:b-guest@example.test", { tags: ["VIP"], allergies: "Nuts", notes: "mine" }) },
    { name: "guest summary of B's reservation via A", run: () => getGuestSummaryForReservation(t.db, principals.owner, A.id, B.reservation) },
    { name: "profile page of B's guest via A", run: () => getGuestProfile(t.db, principals.owner, A.id, "email:b-guest@example.test") },
    { name: "B's table in A's move", run: async () => moveReservation(t.db, { restaurantId: A.id, reservationId: (await reservationOnA()).id, principal: principals.owner, tableId: B.table }) },
  ];

  it.each(mixed)("$name → not_found", async ({ run }) => {
    const before = await snapshot();
    expect(await outcome(run())).toBe("not_found");
    expect(await snapshot()).toEqual(before);
  });
});
