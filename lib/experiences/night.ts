import type { DbOrTx } from "@/db/client";
import type { MemberRole } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { can, getMemberRole } from "@/lib/restaurants/access";
import { slugify } from "@/lib/contract/common";
import { minorDigits } from "@/lib/payments/money";
import { csvCell } from "@/lib/reports/csv";
import { getGuestList, type GuestList } from "./experiences";

/**
 * The night of an experience as the workspace receives it: plain JSON (instants as ISO strings), the
 * same from the server render and from the polling route, so the client page can share it. Client
 * components import the type only.
 */
export interface ExperienceNight {
  role: MemberRole;
  /** Owners and managers may edit, publish and cancel; every role sees the list and checks in. */
  mayManage: boolean;
  /** Owners and managers may take the list away as CSV. */
  mayExport: boolean;
  now: string;
  experience: {
    id: string;
    name: string;
    description: string | null;
    startsAt: string;
    endsAt: string;
    timezone: string;
    currency: string;
    published: boolean;
    cancelledAt: string | null;
    closesRegularService: boolean;
    maxSeatsPerBooking: number;
  };
  sales: GuestList["sales"];
  guests: (Omit<GuestList["guests"][number], "createdAt"> & { createdAt: string })[];
}

/**
 * The guest list of one of this restaurant's experiences (every member role), refused as not found
 * when the experience belongs to another restaurant, so a workspace URL never reaches someone else's.
 */
export async function getGuestListAt(
  db: DbOrTx,
  input: { restaurantId: string; experienceId: string; principal: Principal | null },
): Promise<{ list: GuestList; role: MemberRole }> {
  const list = await getGuestList(db, { experienceId: input.experienceId, principal: input.principal });
  if (list.experience.restaurantId !== input.restaurantId) throw notFound("Experience");
  const role = (await getMemberRole(db, input.restaurantId, input.principal!.userId))!;
  return { list, role };
}

export function toExperienceNight(list: GuestList, role: MemberRole, now: Date): ExperienceNight {
  const e = list.experience;
  return {
    role,
    mayManage: can(role, "restaurant.update"),
    mayExport: can(role, "guests.export"),
    now: now.toISOString(),
    experience: {
      id: e.id,
      name: e.name,
      description: e.description,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      timezone: e.timezone,
      currency: e.currency,
      published: e.published,
      cancelledAt: e.cancelledAt?.toISOString() ?? null,
      closesRegularService: e.closesRegularService,
      maxSeatsPerBooking: e.maxSeatsPerBooking,
    },
    sales: list.sales,
    guests: list.guests.map((g) => ({ ...g, createdAt: g.createdAt.toISOString() })),
  };
}

const CSV_HEADER = ["name", "email", "phone", "party_size", "section", "status", "payment", "amount", "currency", "code", "special_requests", "booked_at"] as const;

/** The guest list as RFC 4180 CSV (CRLF lines, quoted where needed, never a spreadsheet formula); money in major units. */
export function guestListToCsv(list: GuestList): string {
  const currency = list.experience.currency;
  const digits = minorDigits(currency);
  const lines = list.guests.map((g) =>
    [
      g.name ?? "",
      g.email ?? "",
      g.phone ?? "",
      g.partySize,
      g.sectionName,
      g.status,
      g.paymentStatus,
      (g.amountCents / 10 ** digits).toFixed(digits),
      currency,
      g.code,
      g.specialRequests ?? "",
      g.createdAt.toISOString(),
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[CSV_HEADER.join(","), ...lines].join("\r\n")}\r\n`;
}

/** `truffle-dinner-2026-12-04-guests.csv`: the experience's name as a file name, with its local date. */
export function guestListFileName(list: GuestList, localDate: string): string {
  const base = slugify(list.experience.name) || "experience";
  return `${base}-${localDate}-guests.csv`;
}
