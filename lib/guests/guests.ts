import { eq, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "@/db/client";
import { guestProfiles, restaurants } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { systemClock, type Clock } from "@/lib/clock";
import { parseInput } from "@/lib/contract/parse";
import { notFound } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import {
  guestKey as guestKeySchema,
  guestProfileSchema,
  guestSearchSchema,
  MIN_LOOKUP_DIGITS,
  MIN_LOOKUP_EMAIL,
  phoneLookupDigits,
  type GuestKey,
  type GuestProfileInput,
} from "./contract";
import type { GuestHistoryItem, GuestProfileView, GuestRow, GuestSummary } from "./types";

export type { GuestHistoryItem, GuestProfileView, GuestRow, GuestSummary } from "./types";

/**
 * A reservation's guest key in SQL, the rule of `guestKeyOf` (lib/guests/contract.ts): the email,
 * trimmed and lower-cased, when there is one; else the phone, an international number reduced to "+"
 * and its digits (what E.164 is, so a number stored before it was normalised still matches); else none.
 */
const GUEST_KEY_SQL = sql.raw(`(case
  when nullif(btrim(r.guest_email), '') is not null then 'email:' || lower(btrim(r.guest_email))
  when nullif(btrim(r.guest_phone), '') is not null then 'phone:' || case when btrim(r.guest_phone) like '+%'
    then '+' || regexp_replace(r.guest_phone, '\\D', '', 'g') else btrim(r.guest_phone) end
end)`);

/** Bookings that are part of a guest's history: holds and lapsed holds never happened. */
const HISTORY_STATUSES = sql.raw(`('confirmed', 'seated', 'completed', 'no_show', 'cancelled')`);

/** The most guests a list shows (and a file holds); the search narrows it. */
export const GUEST_LIST_LIMIT = 200;
export const GUEST_EXPORT_LIMIT = 20_000;
const LOOKUP_LIMIT = 6;

interface AggregateRow {
  guest_key: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  visits: string | number;
  covers: string | number;
  no_shows: string | number;
  cancellations: string | number;
  upcoming: string | number;
  last_visit: string | null;
  last_booked: string | Date;
  tags: string[] | null;
  allergies: string | null;
  notes: string | null;
}

/**
 * Every guest of the restaurant with their counts and what staff wrote, from one grouped scan of the
 * restaurant's reservations. `where` filters bookings; `having` filters guests (any of their bookings).
 */
async function aggregateGuests(
  db: DbOrTx,
  restaurantId: string,
  now: Date,
  options: { where?: SQL; having?: SQL; limit: number },
): Promise<GuestRow[]> {
  const rows = (await db.execute(sql`
    with g as (
      select ${GUEST_KEY_SQL} as guest_key, r.guest_name, r.guest_email, r.guest_phone, r.status, r.party_size,
             r.service_date, r.starts_at, r.ends_at
      from reservations r
      where r.restaurant_id = ${restaurantId}::uuid and r.status in ${HISTORY_STATUSES} ${options.where ? sql`and ${options.where}` : sql``}
    )
    select g.guest_key,
      (array_agg(g.guest_name order by g.starts_at desc) filter (where nullif(btrim(g.guest_name), '') is not null))[1] as name,
      (array_agg(lower(btrim(g.guest_email)) order by g.starts_at desc) filter (where nullif(btrim(g.guest_email), '') is not null))[1] as email,
      (array_agg(g.guest_phone order by g.starts_at desc) filter (where nullif(btrim(g.guest_phone), '') is not null))[1] as phone,
      count(*) filter (where g.status = 'completed') as visits,
      coalesce(sum(g.party_size) filter (where g.status = 'completed'), 0) as covers,
      count(*) filter (where g.status = 'no_show') as no_shows,
      count(*) filter (where g.status = 'cancelled') as cancellations,
      count(*) filter (where g.status = 'confirmed' and g.ends_at > ${now.toISOString()}::timestamptz) as upcoming,
      (max(g.service_date) filter (where g.status = 'completed'))::text as last_visit,
      max(g.starts_at) as last_booked,
      p.tags, p.allergies, p.notes
    from g
    left join guest_profiles p on p.restaurant_id = ${restaurantId}::uuid and p.guest_key = g.guest_key
    where g.guest_key is not null
    group by g.guest_key, p.id
    ${options.having ? sql`having ${options.having}` : sql``}
    order by max(g.starts_at) desc, g.guest_key
    limit ${options.limit}
  `)) as unknown as AggregateRow[];
  return rows.map((r) => ({
    key: r.guest_key as GuestKey,
    name: r.name,
    email: r.email,
    phone: r.phone,
    visits: Number(r.visits),
    covers: Number(r.covers),
    noShows: Number(r.no_shows),
    cancellations: Number(r.cancellations),
    upcoming: Number(r.upcoming),
    lastVisit: r.last_visit,
    tags: r.tags ?? [],
    allergies: r.allergies,
    notes: r.notes,
  }));
}

/** A guest's bookings matching what was typed: any part of a name or email, or a run of a phone's digits. */
function searchFilter(q: string): SQL {
  const needle = q.toLowerCase();
  const digits = phoneLookupDigits(q);
  const phoneMatch = digits.length >= 3 ? sql` or strpos(regexp_replace(coalesce(g.guest_phone, ''), '\\D', '', 'g'), ${digits}) > 0` : sql``;
  return sql`bool_or(strpos(lower(coalesce(g.guest_name, '')), ${needle}) > 0 or strpos(lower(coalesce(g.guest_email, '')), ${needle}) > 0${phoneMatch})`;
}

/** The restaurant's guests, most recently booked first, optionally narrowed by a search (every role on the floor). */
export async function listGuests(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  input: { q?: string | undefined },
  options: { clock?: Clock; limit?: number } = {},
): Promise<GuestRow[]> {
  await requirePermission(db, principal, restaurantId, "guests.view");
  const { q } = parseInput(guestSearchSchema, input);
  return aggregateGuests(db, restaurantId, (options.clock ?? systemClock).now(), {
    having: q ? searchFilter(q) : undefined,
    limit: options.limit ?? GUEST_LIST_LIMIT,
  });
}

/** Every guest (or those a search finds) for the CSV file: owners and managers only. */
export async function listGuestsForExport(db: DbOrTx, principal: Principal | null, restaurantId: string, input: { q?: string | undefined }, options: { clock?: Clock } = {}) {
  await requirePermission(db, principal, restaurantId, "guests.export");
  return listGuests(db, principal, restaurantId, input, { ...options, limit: GUEST_EXPORT_LIMIT });
}

/**
 * Guests whose phone or email starts to match what the host has typed in the phone form: a run of at
 * least MIN_LOOKUP_DIGITS of the phone's digits (a national "0" dropped), or the start of an email.
 * Too little typed looks nothing up.
 */
export async function lookupGuests(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  contact: { email?: string | null; phone?: string | null },
  options: { clock?: Clock } = {},
): Promise<GuestRow[]> {
  await requirePermission(db, principal, restaurantId, "guests.view");
  const digits = phoneLookupDigits(contact.phone ?? "");
  const email = contact.email?.trim().toLowerCase() ?? "";
  const matches: SQL[] = [];
  if (digits.length >= MIN_LOOKUP_DIGITS) matches.push(sql`strpos(regexp_replace(coalesce(g.guest_phone, ''), '\\D', '', 'g'), ${digits}) > 0`);
  if (email.length >= MIN_LOOKUP_EMAIL) matches.push(sql`starts_with(lower(btrim(coalesce(g.guest_email, ''))), ${email})`);
  if (matches.length === 0) return [];
  return aggregateGuests(db, restaurantId, (options.clock ?? systemClock).now(), {
    having: sql`bool_or(${sql.join(matches, sql` or `)})`,
    limit: LOOKUP_LIMIT,
  });
}

async function restaurantZone(db: DbOrTx, restaurantId: string): Promise<string> {
  const [row] = await db.select({ timezone: restaurants.timezone }).from(restaurants).where(eq(restaurants.id, restaurantId)).limit(1);
  if (!row) throw notFound("Restaurant");
  return row.timezone;
}

/** One guest's profile: counts, what staff wrote, and every booking (newest first). 404 when the restaurant has no such guest. */
export async function getGuestProfile(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  key: string,
  options: { clock?: Clock } = {},
): Promise<GuestProfileView> {
  await requirePermission(db, principal, restaurantId, "guests.view");
  const parsed = guestKeySchema.safeParse(key);
  if (!parsed.success) throw notFound("Guest");
  const [guest] = await aggregateGuests(db, restaurantId, (options.clock ?? systemClock).now(), {
    where: sql`${GUEST_KEY_SQL} = ${parsed.data}`,
    limit: 1,
  });
  if (!guest) throw notFound("Guest");
  const timezone = await restaurantZone(db, restaurantId);
  const rows = (await db.execute(sql`
    select r.id, r.code, r.status, r.source, r.party_size, r.service_date::text as service_date, r.starts_at,
           r.occasion, r.special_requests, r.guest_name, t.label as table_label
    from reservations r left join dining_tables t on t.id = r.table_id
    where r.restaurant_id = ${restaurantId}::uuid and r.status in ${HISTORY_STATUSES} and ${GUEST_KEY_SQL} = ${parsed.data}
    order by r.starts_at desc
    limit 500
  `)) as unknown as {
    id: string;
    code: string;
    status: GuestHistoryItem["status"];
    source: string;
    party_size: number;
    service_date: string;
    starts_at: string | Date;
    occasion: string | null;
    special_requests: string | null;
    guest_name: string | null;
    table_label: string | null;
  }[];
  const history: GuestHistoryItem[] = rows.map((r) => ({
    id: r.id,
    code: r.code,
    status: r.status,
    date: r.service_date,
    localTime: DateTime.fromJSDate(new Date(r.starts_at), { zone: timezone }).toFormat("HH:mm"),
    partySize: r.party_size,
    table: r.table_label,
    occasion: r.occasion,
    specialRequests: r.special_requests,
    name: r.guest_name,
  }));
  return { ...guest, timezone, history };
}

/**
 * The guest behind one of the restaurant's bookings, as the book's dialog shows them: counts, tags,
 * allergies, and which visit this booking is (its guest's earlier completed visits plus one). Null
 * for a booking without an email or phone (an anonymous walk-in).
 */
export async function getGuestSummaryForReservation(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  reservationId: string,
  options: { clock?: Clock } = {},
): Promise<GuestSummary | null> {
  await requirePermission(db, principal, restaurantId, "guests.view");
  const [own] = (await db.execute(sql`
    select ${GUEST_KEY_SQL} as guest_key, r.starts_at, r.status from reservations r
    where r.id = ${reservationId}::uuid and r.restaurant_id = ${restaurantId}::uuid
  `)) as unknown as { guest_key: string | null; starts_at: string | Date; status: string }[];
  if (!own) throw notFound("Reservation");
  if (!own.guest_key) return null;
  const [guest] = await aggregateGuests(db, restaurantId, (options.clock ?? systemClock).now(), {
    where: sql`${GUEST_KEY_SQL} = ${own.guest_key}`,
    limit: 1,
  });
  if (!guest) return null;
  const [before] = (await db.execute(sql`
    select count(*) as n from reservations r
    where r.restaurant_id = ${restaurantId}::uuid and r.status = 'completed' and r.id <> ${reservationId}::uuid
      and r.starts_at < ${new Date(own.starts_at).toISOString()}::timestamptz and ${GUEST_KEY_SQL} = ${own.guest_key}
  `)) as unknown as { n: string | number }[];
  return { ...guest, visitNumber: Number(before?.n ?? 0) + 1 };
}

/**
 * Replaces the tags, allergies and notes staff keep on a guest (every role on the floor: allergies and
 * notes are added on the night). Only a guest the restaurant has bookings from can have a profile.
 */
export async function updateGuestProfile(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  key: string,
  input: GuestProfileInput,
): Promise<{ key: GuestKey; tags: string[]; allergies: string | null; notes: string | null }> {
  await requirePermission(db, principal, restaurantId, "guests.edit");
  const parsedKey = guestKeySchema.safeParse(key);
  if (!parsedKey.success) throw notFound("Guest");
  const values = parseInput(guestProfileSchema, input);
  const [exists] = (await db.execute(sql`
    select 1 as one from reservations r
    where r.restaurant_id = ${restaurantId}::uuid and r.status in ${HISTORY_STATUSES} and ${GUEST_KEY_SQL} = ${parsedKey.data}
    limit 1
  `)) as unknown as { one: number }[];
  if (!exists) throw notFound("Guest");
  const set = { tags: values.tags, allergies: values.allergies ?? null, notes: values.notes ?? null, updatedBy: principal!.userId, updatedAt: sql`now()` };
  const [row] = await db
    .insert(guestProfiles)
    .values({ restaurantId, guestKey: parsedKey.data, ...set })
    .onConflictDoUpdate({ target: [guestProfiles.restaurantId, guestProfiles.guestKey], set })
    .returning();
  return { key: parsedKey.data, tags: row!.tags, allergies: row!.allergies, notes: row!.notes };
}
