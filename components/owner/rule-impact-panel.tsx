import Link from "next/link";
import type { ReservationOutsideRules } from "@/lib/restaurants/rule-impact";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";

/**
 * Future reservations the current rules no longer allow. They were not changed: the owner calls the
 * guest, moves or cancels each from the book. Shown on the floor, sessions and closures pages.
 */
export function RuleImpactPanel({ slug, items }: { slug: string; items: ReservationOutsideRules[] }) {
  if (items.length === 0) return null;
  return (
    <Alert variant="warning" as="section" className="rule-impact" aria-labelledby="rule-impact-heading" data-testid="rule-impact">
      <h2 id="rule-impact-heading">
        {items.length} upcoming {items.length === 1 ? "reservation falls" : "reservations fall"} outside the current rules
      </h2>
      <p>Nothing was cancelled. Contact the guests, then move or cancel each one from the book.</p>
      <DataTable wrapClassName="rule-impact-table" label="Reservations outside the rules" columns={["When", "Guest", "Party", "Table", "Why"]}>
        {items.map((r) => (
          <tr key={r.id}>
            <td>
              <Link href={`/manage/${slug}?date=${r.serviceDate}`}>
                {r.serviceDate} {r.localTime}
              </Link>
            </td>
            <td>
              {r.name ?? "Guest"}
              {r.phone ? (
                <>
                  {" · "}
                  <a href={`tel:${r.phone}`}>{r.phone}</a>
                </>
              ) : null}
            </td>
            <td>{r.partySize}</td>
            <td>{r.tableLabel}</td>
            <td>{r.messages.join(" ")}</td>
          </tr>
        ))}
      </DataTable>
    </Alert>
  );
}
