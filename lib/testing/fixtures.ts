import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { diningTables, restaurants, serviceSessions, reservations, users, restaurantMembers } from "@/db/schema";
import type { MemberRole, ReservationStatus, TurnMinutes } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { addDays } from "@/lib/availability/slots";
import { newManageToken } from "@/lib/reservations/secrets";

/** Direct inserts for tests: quick, explicit data that does not depend on the services under test. */
const suffix = () => randomBytes(4).toString("hex");

export async function insertRestaurant(
  db: DbOrTx,
  values: Partial<typeof restaurants.$inferInsert> = {},
) {
  const s = suffix();
  const [row] = await db
    .insert(restaurants)
    // Tests of other behaviour hold many tables anonymously; the anonymous share has its own tests.
    .values({ slug: `r-${s}`, name: `Restaurant ${s}`, timezone: "Europe/London", published: true, anonymousHoldSharePct: 100, ...values })
    .returning();
  return row!;
}

export async function insertTable(
  db: DbOrTx,
  restaurantId: string,
  values: Partial<typeof diningTables.$inferInsert> = {},
) {
  const [row] = await db
    .insert(diningTables)
    .values({ restaurantId, label: `T${suffix()}`, minSeats: 1, maxSeats: 4, ...values })
    .returning();
  return row!;
}

export async function insertSession(
  db: DbOrTx,
  restaurantId: string,
  values: Partial<typeof serviceSessions.$inferInsert> & { turnMinutes?: TurnMinutes } = {},
) {
  const [row] = await db
    .insert(serviceSessions)
    .values({
      restaurantId,
      name: "Dinner",
      days: [1, 2, 3, 4, 5, 6, 7],
      firstSeating: "17:00",
      lastSeating: "22:00",
      intervalMinutes: 15,
      turnMinutes: 90,
      ...values,
    })
    .returning();
  return row!;
}

export async function insertUser(db: DbOrTx, values: Partial<typeof users.$inferInsert> = {}) {
  const s = suffix();
  const [row] = await db
    .insert(users)
    // An established account: its address confirmed (pass `emailVerified: null` for a new one).
    .values({ email: `user-${s}@example.test`, name: `User ${s}`, emailVerified: new Date(), ...values })
    .returning();
  return row!;
}

export async function insertMember(db: DbOrTx, restaurantId: string, userId: string, role: MemberRole) {
  await db.insert(restaurantMembers).values({ restaurantId, userId, role });
}

export async function insertReservation(
  db: DbOrTx,
  values: {
    restaurantId: string;
    tableId: string;
    startsAt: Date;
    endsAt: Date;
    status?: ReservationStatus;
    partySize?: number;
    holdExpiresAt?: Date | null;
    serviceDate?: string;
  },
) {
  const status = values.status ?? "confirmed";
  const [row] = await db
    .insert(reservations)
    .values({
      restaurantId: values.restaurantId,
      tableId: values.tableId,
      startsAt: values.startsAt,
      endsAt: values.endsAt,
      status,
      partySize: values.partySize ?? 2,
      holdExpiresAt: values.holdExpiresAt ?? (status === "held" ? new Date(Date.now() + 600_000) : null),
      serviceDate: values.serviceDate ?? values.startsAt.toISOString().slice(0, 10),
      code: suffix().toUpperCase(),
      source: "web",
    })
    .returning();
  return row!;
}

/**
 * A restaurant (UTC, over `values`) with one table for 1–4 and one 19:00 seating a day with 90-minute
 * turns, whose table is booked `daysAhead` days from today by first@example.test; the booking comes
 * with its manage token, so a test can cancel it as the guest and free the table.
 */
export async function insertBookedEvening(db: DbOrTx, daysAhead: number, values: Partial<typeof restaurants.$inferInsert> = {}) {
  const restaurant = await insertRestaurant(db, { timezone: "UTC", holdMinutes: 10, ...values });
  const table = await insertTable(db, restaurant.id, { minSeats: 1, maxSeats: 4 });
  await insertSession(db, restaurant.id, { firstSeating: "19:00", lastSeating: "19:00", turnMinutes: 90 });
  const date = addDays(new Date().toISOString().slice(0, 10), daysAhead);
  const startsAt = new Date(`${date}T19:00:00Z`);
  const booked = await insertReservation(db, { restaurantId: restaurant.id, tableId: table.id, startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), serviceDate: date });
  const manage = newManageToken();
  await db.update(reservations).set({ manageTokenHash: manage.hash, guestEmail: "first@example.test" }).where(eq(reservations.id, booked.id));
  return { restaurant, table, date, startsAt, booked: { ...booked, manageToken: manage.token } };
}

type UserRow = typeof users.$inferSelect;

/** The signed-in principal of a user row, as the session resolver would build it. */
export const principalOf = (u: { id: string; email: string; name: string | null }): Principal => ({
  userId: u.id,
  email: u.email,
  name: u.name,
});

export interface RestaurantSetup {
  restaurant?: Partial<typeof restaurants.$inferInsert>;
  /** Its tables, inserted in order. */
  tables?: Partial<typeof diningTables.$inferInsert>[];
  /** Its service sessions (each over `insertSession`'s every-day dinner). */
  sessions?: (Partial<typeof serviceSessions.$inferInsert> & { turnMinutes?: TurnMinutes })[];
  /** Its staff: a user per role named, with that user's own values. */
  staff?: Partial<Record<MemberRole, Partial<typeof users.$inferInsert>>>;
}

/**
 * A restaurant as most tests start from one: the restaurant, its tables, its sessions and its staff
 * (owner, manager, host), each staff member with the principal the session resolver would build.
 */
export async function insertRestaurantWith(db: DbOrTx, setup: RestaurantSetup = {}) {
  const restaurant = await insertRestaurant(db, setup.restaurant);
  const tables = [];
  for (const values of setup.tables ?? []) tables.push(await insertTable(db, restaurant.id, values));
  const sessions = [];
  for (const values of setup.sessions ?? []) sessions.push(await insertSession(db, restaurant.id, values));
  const staff: Partial<Record<MemberRole, UserRow & { principal: Principal }>> = {};
  for (const [role, values] of Object.entries(setup.staff ?? {}) as [MemberRole, Partial<typeof users.$inferInsert>][]) {
    const user = await insertUser(db, values);
    await insertMember(db, restaurant.id, user.id, role);
    staff[role] = { ...user, principal: principalOf(user) };
  }
  return { restaurant, tables, sessions, staff };
}

/** The SQLSTATE of a Postgres error, looking through drizzle's wrapper. */
export { sqlStateOf as sqlState } from "@/lib/errors";
