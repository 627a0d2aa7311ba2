import { randomInt } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "./client";
import {
  closures,
  diningTables,
  experiences,
  experienceSections,
  reservations,
  restaurantMembers,
  restaurantPhotos,
  restaurants,
  serviceSessions,
  users,
  type TurnMinutes,
} from "./schema";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_PHOTO_ALT, renderDemoPhoto, type DemoPalette, type DemoScene } from "./seed-photos";

/**
 * Demo data for the embedded default and the browser tests: restaurants in several time zones, each
 * with a floor, sessions, a closure and a few bookings over the coming days. Idempotent: users are
 * matched by email and restaurants by slug, and a restaurant that exists is left as it is.
 */

export const DEMO_OWNER = { email: "owner@tablekeep.test", password: "tablekeep-owner", name: "Olivia Owner" } as const;
export const DEMO_DINER = { email: "diner@tablekeep.test", password: "tablekeep-diner", name: "Dan Diner" } as const;

export interface DemoLogins {
  ownerEmail: string;
  ownerPassword: string;
  dinerEmail: string;
  dinerPassword: string;
}

interface TableSpec {
  label: string;
  area: string;
  minSeats: number;
  maxSeats: number;
  online?: boolean;
}

interface SessionSpec {
  name: string;
  days: number[];
  firstSeating: string;
  lastSeating: string;
  intervalMinutes: number;
  turnMinutes: TurnMinutes;
  maxCoversPerSlot?: number;
}

export interface DemoRestaurant {
  slug: string;
  name: string;
  timezone: string;
  cuisine: string;
  /** The colours its drawn photos are in (db/seed-photos.ts). */
  palette: DemoPalette;
  city: string;
  address: string;
  description: string;
  priceBand: 1 | 2 | 3 | 4;
  latitude: number;
  longitude: number;
  tables: TableSpec[];
  sessions: SessionSpec[];
  /** A recurring holiday (month and day, local) closed every year. */
  holiday: { month: number; day: number; days: number; reason: string };
  /** Days from today (local) of a one-off closure, so the demo shows a closed day soon. */
  closedInDays?: { from: number; to: number; reason: string };
  /** Money the restaurant asks for at booking: a deposit per cover, or a card held for a no-show fee. */
  payments?: { currency: string; depositCents?: number; depositMinPartySize?: number; noShowFeeCents?: number };
  /** A ticketed evening sold by the seat, some days ahead at a local time. */
  experience?: {
    name: string;
    description: string;
    inDays: number;
    at: string;
    durationMinutes: number;
    currency: string;
    sections: { name: string; capacity: number; priceCents: number }[];
    closesRegularService?: boolean;
  };
}

const byParty = (two: number, four: number, large: number): TurnMinutes => [
  { max_party_size: 2, minutes: two },
  { max_party_size: 4, minutes: four },
  { max_party_size: 20, minutes: large },
];

const TUE_SUN = [2, 3, 4, 5, 6, 7];
const WED_SUN = [3, 4, 5, 6, 7];

const dinner = (first = "17:30", last = "21:30", turns = byParty(90, 120, 150)): SessionSpec => ({
  name: "Dinner",
  days: TUE_SUN,
  firstSeating: first,
  lastSeating: last,
  intervalMinutes: 15,
  turnMinutes: turns,
  maxCoversPerSlot: 16,
});

const lunch = (first = "12:00", last = "14:00", days = WED_SUN): SessionSpec => ({
  name: "Lunch",
  days,
  firstSeating: first,
  lastSeating: last,
  intervalMinutes: 15,
  turnMinutes: byParty(75, 90, 120),
});

export const DEMO_RESTAURANTS: readonly DemoRestaurant[] = [
  {
    slug: "the-larder-house",
    name: "The Larder House",
    timezone: "Europe/London",
    experience: {
      name: "Sourdough masterclass",
      description: "Two hours at the bench with our baker: starter, shaping and scoring. Loaves to take home; free, seats are limited.",
      inDays: 6,
      at: "10:00",
      durationMinutes: 120,
      currency: "GBP",
      sections: [{ name: "Bench", capacity: 12, priceCents: 0 }],
    },
    cuisine: "Modern British",
    palette: { wall: "#e8e1d3", wood: "#8a5a36", accent: "#2f5d50" },
    city: "London",
    address: "41 Exmouth Market, London EC1R 4QL",
    description:
      "Seasonal British cooking from a wood-fired hearth: Cornish fish, whole-animal butchery and a bread course worth the trip.",
    priceBand: 3,
    latitude: 51.5262,
    longitude: -0.109,
    tables: [
      { label: "1", area: "Window", minSeats: 1, maxSeats: 2 },
      { label: "2", area: "Window", minSeats: 1, maxSeats: 2 },
      { label: "3", area: "Main room", minSeats: 2, maxSeats: 4 },
      { label: "4", area: "Main room", minSeats: 2, maxSeats: 4 },
      { label: "5", area: "Main room", minSeats: 3, maxSeats: 6 },
      { label: "6", area: "Back room", minSeats: 5, maxSeats: 8 },
      { label: "Bar", area: "Bar", minSeats: 1, maxSeats: 2, online: false },
    ],
    sessions: [dinner(), lunch()],
    holiday: { month: 12, day: 25, days: 2, reason: "Christmas and Boxing Day" },
    closedInDays: { from: 4, to: 4, reason: "Private event" },
    payments: { currency: "GBP", noShowFeeCents: 1500 },
  },
  {
    slug: "osteria-fiume",
    name: "Osteria Fiume",
    timezone: "America/New_York",
    cuisine: "Italian",
    palette: { wall: "#f1e4cf", wood: "#a0522d", accent: "#b33a2e" },
    city: "New York",
    address: "212 Grand Street, New York, NY 10013",
    description:
      "Hand-cut pasta and Roman-style antipasti in a brick-walled Little Italy dining room; the cacio e pepe is made tableside.",
    priceBand: 3,
    latitude: 40.719,
    longitude: -73.997,
    tables: [
      { label: "A1", area: "Front", minSeats: 1, maxSeats: 2 },
      { label: "A2", area: "Front", minSeats: 1, maxSeats: 2 },
      { label: "A3", area: "Front", minSeats: 1, maxSeats: 2 },
      { label: "B1", area: "Dining room", minSeats: 2, maxSeats: 4 },
      { label: "B2", area: "Dining room", minSeats: 2, maxSeats: 4 },
      { label: "B3", area: "Dining room", minSeats: 2, maxSeats: 4 },
      { label: "C1", area: "Dining room", minSeats: 3, maxSeats: 6 },
      { label: "C2", area: "Garden", minSeats: 5, maxSeats: 8 },
      { label: "Chef's counter", area: "Kitchen", minSeats: 1, maxSeats: 2, online: false },
    ],
    sessions: [dinner("17:00", "22:00"), lunch("11:30", "14:30", [6, 7])],
    holiday: { month: 12, day: 25, days: 1, reason: "Christmas Day" },
    payments: { currency: "USD", depositCents: 2000, depositMinPartySize: 0 },
    experience: {
      name: "Truffle and Barolo dinner",
      description: "Six courses around the first white truffles, each with a Barolo from the cellar.",
      inDays: 9,
      at: "19:00",
      durationMinutes: 180,
      currency: "USD",
      sections: [
        { name: "Chef's counter", capacity: 10, priceCents: 18500 },
        { name: "Dining room", capacity: 30, priceCents: 14500 },
      ],
      closesRegularService: true,
    },
  },
  {
    slug: "yakitori-hoshi",
    name: "Yakitori Hoshi",
    timezone: "Asia/Tokyo",
    cuisine: "Japanese",
    palette: { wall: "#ece6da", wood: "#c49a6c", accent: "#1f3a5f" },
    city: "Tokyo",
    address: "2-14-5 Ebisu-Nishi, Shibuya-ku, Tokyo 150-0021",
    description:
      "Binchotan-grilled skewers, seasonal small plates and a long list of junmai sake. A late seating runs past midnight at the weekend.",
    priceBand: 2,
    latitude: 35.6467,
    longitude: 139.707,
    tables: [
      { label: "Counter 1", area: "Counter", minSeats: 1, maxSeats: 2 },
      { label: "Counter 2", area: "Counter", minSeats: 1, maxSeats: 2 },
      { label: "Counter 3", area: "Counter", minSeats: 1, maxSeats: 2 },
      { label: "Table 1", area: "Floor", minSeats: 2, maxSeats: 4 },
      { label: "Table 2", area: "Floor", minSeats: 2, maxSeats: 4 },
      { label: "Tatami", area: "Private room", minSeats: 4, maxSeats: 8 },
      { label: "Staff table", area: "Floor", minSeats: 2, maxSeats: 4, online: false },
    ],
    sessions: [
      dinner("17:30", "21:00", byParty(90, 105, 120)),
      lunch("11:30", "13:30", [2, 3, 4, 5, 6]),
      {
        name: "Late",
        days: [5, 6],
        firstSeating: "22:00",
        lastSeating: "00:30",
        intervalMinutes: 30,
        turnMinutes: 90,
      },
    ],
    holiday: { month: 1, day: 1, days: 3, reason: "New Year (Shōgatsu)" },
  },
  {
    slug: "harbour-and-vine",
    name: "Harbour & Vine",
    timezone: "Australia/Sydney",
    cuisine: "Seafood",
    palette: { wall: "#dfe9ee", wood: "#9b7b5b", accent: "#2a6f97" },
    city: "Sydney",
    address: "7 Circular Quay West, The Rocks NSW 2000",
    description:
      "Rock oysters, line-caught fish and native herbs with a view of the Opera House; a long wine list leaning on the Hunter Valley.",
    priceBand: 4,
    latitude: -33.8587,
    longitude: 151.2094,
    tables: [
      { label: "W1", area: "Waterfront", minSeats: 1, maxSeats: 2 },
      { label: "W2", area: "Waterfront", minSeats: 1, maxSeats: 2 },
      { label: "W3", area: "Waterfront", minSeats: 2, maxSeats: 4 },
      { label: "D1", area: "Dining room", minSeats: 2, maxSeats: 4 },
      { label: "D2", area: "Dining room", minSeats: 2, maxSeats: 4 },
      { label: "D3", area: "Dining room", minSeats: 3, maxSeats: 6 },
      { label: "D4", area: "Dining room", minSeats: 3, maxSeats: 6 },
      { label: "P1", area: "Private room", minSeats: 5, maxSeats: 8 },
      { label: "Terrace", area: "Terrace", minSeats: 2, maxSeats: 4, online: false },
    ],
    sessions: [dinner("17:30", "21:30", byParty(105, 120, 150)), lunch("12:00", "14:30")],
    holiday: { month: 12, day: 25, days: 2, reason: "Christmas and Boxing Day" },
    closedInDays: { from: 9, to: 10, reason: "Kitchen refit" },
  },
  {
    slug: "parrilla-san-telmo",
    name: "Parrilla San Telmo",
    timezone: "America/Argentina/Buenos_Aires",
    cuisine: "Argentine steakhouse",
    palette: { wall: "#e6d6c3", wood: "#5c3a21", accent: "#8c1c13" },
    city: "Buenos Aires",
    address: "Defensa 1023, San Telmo, C1065 Buenos Aires",
    description:
      "A neighbourhood parrilla on the cobbles of San Telmo: ojo de bife over quebracho embers, provoleta and Malbec by the glass. Dinner starts late and runs past midnight.",
    priceBand: 2,
    latitude: -34.6205,
    longitude: -58.3715,
    tables: [
      { label: "1", area: "Salón", minSeats: 1, maxSeats: 2 },
      { label: "2", area: "Salón", minSeats: 1, maxSeats: 2 },
      { label: "3", area: "Salón", minSeats: 2, maxSeats: 4 },
      { label: "4", area: "Salón", minSeats: 2, maxSeats: 4 },
      { label: "5", area: "Patio", minSeats: 2, maxSeats: 4 },
      { label: "6", area: "Patio", minSeats: 3, maxSeats: 6 },
      { label: "7", area: "Patio", minSeats: 5, maxSeats: 8 },
      { label: "Parrilla bar", area: "Bar", minSeats: 1, maxSeats: 2, online: false },
    ],
    sessions: [
      lunch("12:30", "15:00", [6, 7]),
      {
        name: "Dinner",
        days: TUE_SUN,
        firstSeating: "20:00",
        lastSeating: "00:30",
        intervalMinutes: 30,
        turnMinutes: byParty(105, 120, 150),
        maxCoversPerSlot: 20,
      },
    ],
    holiday: { month: 12, day: 25, days: 1, reason: "Navidad" },
  },
  {
    slug: "tasca-do-cais",
    name: "Tasca do Cais",
    timezone: "Europe/Lisbon",
    cuisine: "Portuguese",
    palette: { wall: "#f3efe6", wood: "#9c6b3f", accent: "#1f5fa8" },
    city: "Lisbon",
    address: "Rua da Boavista 88, 1200-066 Lisboa",
    description:
      "Petiscos, grilled sardines and arroz de marisco in a tiled tasca near the river; vinho verde on tap and pastéis de nata for pudding.",
    priceBand: 1,
    latitude: 38.708,
    longitude: -9.148,
    tables: [
      { label: "1", area: "Sala", minSeats: 1, maxSeats: 2 },
      { label: "2", area: "Sala", minSeats: 1, maxSeats: 2 },
      { label: "3", area: "Sala", minSeats: 2, maxSeats: 4 },
      { label: "4", area: "Sala", minSeats: 2, maxSeats: 4 },
      { label: "5", area: "Esplanada", minSeats: 3, maxSeats: 6, online: false },
    ],
    sessions: [dinner("19:00", "22:00", byParty(90, 105, 120)), lunch("12:30", "14:30", TUE_SUN)],
    holiday: { month: 6, day: 13, days: 1, reason: "Santo António" },
  },
  {
    slug: "kowhai-kitchen",
    name: "Kōwhai Kitchen",
    timezone: "Pacific/Auckland",
    cuisine: "New Zealand contemporary",
    palette: { wall: "#e3ebe1", wood: "#7d5a3c", accent: "#d8a31a" },
    city: "Auckland",
    address: "18 Federal Street, Auckland CBD, Auckland 1010",
    description:
      "Hāngī-inspired slow cooking, Bluff oysters in season and Central Otago pinot, in a bright room off Federal Street.",
    priceBand: 3,
    latitude: -36.8485,
    longitude: 174.7633,
    tables: [
      { label: "K1", area: "Main", minSeats: 1, maxSeats: 2 },
      { label: "K2", area: "Main", minSeats: 1, maxSeats: 2 },
      { label: "K3", area: "Main", minSeats: 2, maxSeats: 4 },
      { label: "K4", area: "Main", minSeats: 2, maxSeats: 4 },
      { label: "K5", area: "Main", minSeats: 3, maxSeats: 6 },
      { label: "K6", area: "Courtyard", minSeats: 5, maxSeats: 8 },
      { label: "Kitchen bench", area: "Kitchen", minSeats: 1, maxSeats: 4, online: false },
    ],
    sessions: [dinner("17:30", "21:00"), lunch("12:00", "14:00", [5, 6, 7])],
    holiday: { month: 2, day: 6, days: 1, reason: "Waitangi Day" },
  },
];

const GUEST_NAMES = [
  "Amara Okafor",
  "Ben Hartley",
  "Chloé Martin",
  "Diego Fernández",
  "Emma Lindqvist",
  "Farid Haddad",
  "Grace Liu",
  "Hiro Tanaka",
  "Isla McKenzie",
  "João Silva",
  "Kiri Ngata",
  "Lena Fischer",
  "Marco Rossi",
  "Nadia Petrova",
  "Owen Price",
  "Priya Raman",
];

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function shortCode(): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** A small deterministic generator, so two seeded databases hold the same bookings. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function turnFor(turn: TurnMinutes, partySize: number): number {
  if (typeof turn === "number") return turn;
  const rule = turn.find((r) => partySize <= r.max_party_size) ?? turn[turn.length - 1];
  return rule?.minutes ?? 90;
}

/** Local seating times of a session ("HH:mm", in order), following it past midnight when it wraps. */
export function seatingTimes(session: Pick<SessionSpec, "firstSeating" | "lastSeating" | "intervalMinutes">): string[] {
  const toMin = (t: string) => {
    const [h, m] = t.split(":").map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  const first = toMin(session.firstSeating);
  let last = toMin(session.lastSeating);
  if (last < first) last += 24 * 60;
  const out: string[] = [];
  for (let t = first; t <= last; t += session.intervalMinutes) {
    const m = t % (24 * 60);
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
}

function nextOccurrence(today: DateTime, month: number, day: number): DateTime {
  let d = today.set({ month, day });
  if (d < today.startOf("day")) d = d.plus({ years: 1 });
  return d;
}

async function ensureUser(db: DbOrTx, who: { email: string; password: string; name: string }): Promise<string> {
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${who.email})`)
    .limit(1);
  if (existing[0]) return existing[0].id;
  const passwordHash = await hashPassword(who.password);
  await db
    .insert(users)
    .values({ email: who.email, name: who.name, passwordHash, emailVerified: new Date() })
    .onConflictDoNothing();
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${who.email})`)
    .limit(1);
  if (!row) throw new Error(`Could not create demo user ${who.email}`);
  return row.id;
}

function isSqlState(e: unknown, code: string): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    if ((cur as { code?: unknown }).code === code) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

export interface SeedOptions {
  /** The instant "today" is measured from (local to each restaurant). Defaults to now. */
  now?: Date;
  /** Days ahead to place demo bookings on. */
  days?: number;
}

export async function seedDemo(db: DbOrTx, options: SeedOptions = {}): Promise<DemoLogins> {
  const now = options.now ?? new Date();
  const days = options.days ?? 7;
  const ownerId = await ensureUser(db, DEMO_OWNER);
  const dinerId = await ensureUser(db, DEMO_DINER);

  const existing = await db
    .select({ slug: restaurants.slug })
    .from(restaurants)
    .where(
      inArray(
        restaurants.slug,
        DEMO_RESTAURANTS.map((r) => r.slug),
      ),
    );
  const have = new Set(existing.map((r) => r.slug));

  let index = 0;
  for (const spec of DEMO_RESTAURANTS) {
    index++;
    if (have.has(spec.slug)) continue;
    await db.transaction(async (tx) => {
      await seedRestaurant(tx, spec, { ownerId, dinerId, now, days, seed: index * 7919 });
    });
  }

  return {
    ownerEmail: DEMO_OWNER.email,
    ownerPassword: DEMO_OWNER.password,
    dinerEmail: DEMO_DINER.email,
    dinerPassword: DEMO_DINER.password,
  };
}

async function seedRestaurant(
  tx: DbOrTx,
  spec: DemoRestaurant,
  ctx: { ownerId: string; dinerId: string; now: Date; days: number; seed: number },
): Promise<void> {
  const random = prng(ctx.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const [restaurant] = await tx
    .insert(restaurants)
    .values({
      slug: spec.slug,
      name: spec.name,
      timezone: spec.timezone,
      cuisine: spec.cuisine,
      city: spec.city,
      address: spec.address,
      description: spec.description,
      priceBand: spec.priceBand,
      latitude: spec.latitude,
      longitude: spec.longitude,
      published: true,
      maxPartySize: 8,
      ...(spec.payments ?? {}),
    })
    .onConflictDoNothing()
    .returning();
  // Someone else created the slug meanwhile: leave their restaurant alone.
  if (!restaurant) return;

  await tx.insert(restaurantMembers).values({ restaurantId: restaurant.id, userId: ctx.ownerId, role: "owner" });

  const scenes: DemoScene[] = ["room", "table"];
  const drawn = await Promise.all(scenes.map((scene) => renderDemoPhoto(scene, spec.palette)));
  await tx
    .insert(restaurantPhotos)
    .values(drawn.map((photo, i) => ({ restaurantId: restaurant.id, position: i, alt: DEMO_PHOTO_ALT[scenes[i]!], ...photo })));

  if (spec.experience) {
    const x = spec.experience;
    const [hh, mm] = x.at.split(":").map(Number);
    const start = DateTime.fromJSDate(ctx.now, { zone: spec.timezone }).plus({ days: x.inDays }).set({ hour: hh, minute: mm, second: 0, millisecond: 0 });
    const [experience] = await tx
      .insert(experiences)
      .values({
        restaurantId: restaurant.id,
        name: x.name,
        description: x.description,
        startsAt: start.toJSDate(),
        endsAt: start.plus({ minutes: x.durationMinutes }).toJSDate(),
        serviceDate: start.toISODate()!,
        currency: x.currency,
        maxSeatsPerBooking: 6,
        closesRegularService: x.closesRegularService ?? false,
        published: true,
      })
      .returning({ id: experiences.id });
    await tx
      .insert(experienceSections)
      .values(x.sections.map((sec, i) => ({ experienceId: experience!.id, name: sec.name, capacity: sec.capacity, priceCents: sec.priceCents, position: i })));
  }

  const tables = await tx
    .insert(diningTables)
    .values(spec.tables.map((t) => ({ restaurantId: restaurant.id, online: true, ...t })))
    .returning();

  const sessions = await tx
    .insert(serviceSessions)
    .values(
      spec.sessions.map((s) => ({
        restaurantId: restaurant.id,
        name: s.name,
        days: s.days,
        firstSeating: s.firstSeating,
        lastSeating: s.lastSeating,
        intervalMinutes: s.intervalMinutes,
        turnMinutes: s.turnMinutes,
        maxCoversPerSlot: s.maxCoversPerSlot ?? null,
      })),
    )
    .returning();

  const today = DateTime.fromJSDate(ctx.now, { zone: spec.timezone }).startOf("day");
  const holidayStart = nextOccurrence(today, spec.holiday.month, spec.holiday.day);
  const closed: { start: string; end: string; reason: string }[] = [
    {
      start: holidayStart.toISODate()!,
      end: holidayStart.plus({ days: spec.holiday.days - 1 }).toISODate()!,
      reason: spec.holiday.reason,
    },
  ];
  if (spec.closedInDays) {
    closed.push({
      start: today.plus({ days: spec.closedInDays.from }).toISODate()!,
      end: today.plus({ days: spec.closedInDays.to }).toISODate()!,
      reason: spec.closedInDays.reason,
    });
  }
  await tx
    .insert(closures)
    .values(closed.map((c) => ({ restaurantId: restaurant.id, startDate: c.start, endDate: c.end, reason: c.reason })));
  const isClosed = (date: string) => closed.some((c) => c.start <= date && date <= c.end);

  const bookable = tables.filter((t) => t.online);
  let dinerBookings = 0;
  for (let d = 1; d <= ctx.days; d++) {
    const day = today.plus({ days: d });
    const date = day.toISODate()!;
    if (isClosed(date)) continue;
    for (const session of sessions) {
      if (!session.days.includes(day.weekday)) continue;
      const times = seatingTimes({
        firstSeating: session.firstSeating.slice(0, 5),
        lastSeating: session.lastSeating.slice(0, 5),
        intervalMinutes: session.intervalMinutes,
      });
      const wanted = 2 + Math.floor(random() * 3);
      for (let n = 0; n < wanted; n++) {
        const time = pick(times);
        const table = pick(bookable);
        const partySize = Math.max(table.minSeats, Math.min(table.maxSeats, 1 + Math.floor(random() * table.maxSeats)));
        // A seating after midnight belongs to the service that started the evening before.
        const startsLocal = DateTime.fromISO(`${date}T${time}`, { zone: spec.timezone }).plus({
          days: time < session.firstSeating.slice(0, 5) ? 1 : 0,
        });
        // Spring-forward gap: the wall-clock time does not exist that day.
        if (!startsLocal.isValid || startsLocal.toFormat("HH:mm") !== time) continue;
        const startsAt = startsLocal.toJSDate();
        const endsAt = startsLocal.plus({ minutes: turnFor(session.turnMinutes, partySize) }).toJSDate();
        const forDiner = dinerBookings < 1 && d >= 2;
        const guest = forDiner ? DEMO_DINER.name : pick(GUEST_NAMES);
        const inserted = await insertBooking(tx, {
          restaurantId: restaurant.id,
          tableId: table.id,
          sessionId: session.id,
          serviceDate: date,
          partySize,
          startsAt,
          endsAt,
          status: "confirmed",
          confirmedAt: ctx.now,
          source: forDiner ? "web" : pick(["web", "web", "owner"] as const),
          userId: forDiner ? ctx.dinerId : null,
          guestName: guest,
          guestEmail: forDiner ? DEMO_DINER.email : `${guest.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`,
          guestPhone: forDiner ? null : `+44 7700 900${String(100 + Math.floor(random() * 899))}`,
          occasion: random() < 0.15 ? pick(["Birthday", "Anniversary", "Business"]) : null,
        });
        if (inserted && forDiner) dinerBookings++;
      }
    }
  }
}

/** Inserts one booking in a savepoint; the exclusion constraint decides whether it fits the table. */
async function insertBooking(
  tx: DbOrTx,
  values: Omit<typeof reservations.$inferInsert, "code">,
): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await tx.transaction(async (sp) => {
        await sp.insert(reservations).values({ ...values, code: shortCode() });
      });
      return true;
    } catch (e) {
      if (isSqlState(e, "23P01")) return false; // overlaps a booking already there
      if (isSqlState(e, "23505")) continue; // code taken: draw another
      throw e;
    }
  }
  return false;
}

/** True when the database has no restaurants at all (a fresh install). */
export async function isDatabaseEmpty(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: restaurants.id }).from(restaurants).limit(1);
  return rows.length === 0;
}

