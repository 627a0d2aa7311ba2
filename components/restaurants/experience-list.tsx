import Link from "next/link";
import { formatDateIn, formatTimeIn, seatsLabel } from "@/components/diner/format";
import { formatMoney } from "@/lib/payments/money";
import { experienceFacts, experiencePath, type ExperienceFactsInput } from "@/lib/experiences/presentation";

export interface ExperienceListItem extends ExperienceFactsInput {
  id: string;
  name: string;
  timezone: string;
}

/** "From $145", "$185", "Free": the cheapest seat. */
export function priceFromLabel(e: ExperienceFactsInput): string {
  const f = experienceFacts(e);
  if (f.priceFromCents === 0 && f.singlePrice) return "Free";
  const money = f.priceFromCents === 0 ? "free" : formatMoney(f.priceFromCents, e.currency);
  return f.singlePrice ? `${money} per seat` : `From ${money} per seat`;
}

/** "4 seats left", "Sold out". */
export function seatsLeftLabel(e: ExperienceFactsInput): string {
  const f = experienceFacts(e);
  return f.soldOut ? "Sold out" : `${seatsLabel(f.seatsLeft)} left`;
}

/** A restaurant's upcoming experiences, each linking to its own page; times in the restaurant's zone. */
export function ExperienceList({ restaurantSlug, items }: { restaurantSlug: string; items: ExperienceListItem[] }) {
  return (
    <ul className="experience-list" aria-label="Upcoming experiences">
      {items.map((e) => {
        const soldOut = experienceFacts(e).soldOut;
        return (
          <li key={e.id} className="experience-item" data-testid="experience-item">
            <h3>
              <Link href={experiencePath(restaurantSlug, e.id)}>{e.name}</Link>
            </h3>
            <p className="experience-when">
              <time dateTime={e.startsAt.toISOString()}>
                {formatDateIn(e.startsAt, e.timezone)} at {formatTimeIn(e.startsAt, e.timezone)}
              </time>
            </p>
            <p className="experience-meta">
              <span>{priceFromLabel(e)}</span>
              <span className={soldOut ? "status-badge status-cancelled" : "muted"}>{seatsLeftLabel(e)}</span>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
