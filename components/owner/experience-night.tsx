"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import {
  cancelExperienceAction,
  checkInGuestAction,
  setExperiencePublishedAction,
  undoCheckInAction,
} from "@/app/manage/experience-actions";
import { Button, buttonClass } from "@/components/ui/button";
import type { ExperienceNight } from "@/lib/experiences/night";
import { formatMoney } from "@/lib/payments/money";
import { STATUS_LABEL } from "./book-format";
import { BOOK_POLL_MS } from "./day-book";
import { ConfirmDialog } from "./confirm-dialog";
import { experienceState, ExperienceStateBadge, whenText } from "./experience-format";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { useServerAction } from "./use-server-action";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";

const PAYMENT_LABEL: Record<string, string> = {
  none: "Free",
  requires_action: "Awaiting payment",
  paid: "Paid",
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
  failed: "Payment failed",
};

async function fetchNight(slug: string, id: string): Promise<ExperienceNight> {
  const res = await fetch(`/manage/${encodeURIComponent(slug)}/experiences/${id}/guests`, { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The guest list could not be loaded (${res.status}).`);
  }
  return (await res.json()) as ExperienceNight;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** An experience's night: sales per section and the guest list, live; check-in for every role. */
export function ExperienceNightView({ slug, initial }: { slug: string; initial: ExperienceNight }) {
  const id = initial.experience.id;
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ["experience", slug, id],
    queryFn: () => fetchNight(slug, id),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.now),
    refetchInterval: BOOK_POLL_MS,
    staleTime: 1_000,
  });
  const night = query.data;
  const e = night.experience;
  const tz = e.timezone;
  const state = experienceState(e, new Date(night.now));
  const base = `/manage/${slug}/experiences`;
  const refetch = () => queryClient.invalidateQueries({ queryKey: ["experience", slug, id] });

  const [note, setNote] = useState("");
  const publish = useServerAction(setExperiencePublishedAction);
  const cancel = useServerAction(cancelExperienceAction);
  const checkIn = useServerAction(checkInGuestAction);
  const undo = useServerAction(undoCheckInAction);
  const error = publish.error ?? cancel.error ?? checkIn.error ?? undo.error;

  // What a cancel affects: every booking still held or confirmed (checked-in guests are already here).
  const open = night.guests.filter((g) => g.status === "held" || g.status === "confirmed");
  const openGuests = open.reduce((n, g) => n + g.partySize, 0);
  const paid = open.filter((g) => g.paymentStatus === "paid").reduce((n, g) => n + g.amountCents, 0);
  const updated = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(
    new Date(query.dataUpdatedAt || Date.parse(night.now)),
  );

  async function onPublish(published: boolean) {
    setNote("");
    if (await publish.run({ experience_id: id, published })) {
      setNote(published ? "Published: diners can book it now." : "Unpublished: diners no longer see it.");
      await refetch();
    }
  }

  async function onCancel() {
    setNote("");
    const res = await cancel.run({ experience_id: id });
    if (res) {
      setNote(`Experience cancelled. ${plural(res.cancelled, "booking")} cancelled and refunded; every guest is emailed.`);
      await refetch();
    }
  }

  async function onCheckIn(reservationId: string, name: string, back: boolean) {
    setNote("");
    const res = back ? await undo.run({ experience_id: id, reservation_id: reservationId }) : await checkIn.run({ experience_id: id, reservation_id: reservationId });
    if (res) {
      setNote(back ? `Check-in undone for ${name}.` : `${name} checked in.`);
      await refetch();
    }
  }

  return (
    <div className="stack experience-night">
      <p>
        <Link href={base}>← Experiences</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {e.name} <ExperienceStateBadge state={state} />
          </h1>
          <p>
            {whenText(e.startsAt, e.endsAt, tz)}
            {e.closesRegularService ? " · closes the regular dining room" : ""}
          </p>
          <p className="book-live muted">
            <span className={query.isError ? "live-dot live-dot-off" : "live-dot"} aria-hidden="true" />
            {query.isError ? `Not updating: ${(query.error as Error).message}` : `Live · updated ${updated}`}
          </p>
        </div>
        <div className="cluster">
          {night.mayManage && state !== "cancelled" ? (
            <>
              <Link className={buttonClass("secondary")} href={`${base}/${id}/edit`}>
                Edit
              </Link>
              {e.published ? (
                <Button variant="secondary" pending={publish.pending} onClick={() => void onPublish(false)}>
                  Unpublish
                </Button>
              ) : (
                <Button pending={publish.pending} onClick={() => void onPublish(true)}>
                  Publish
                </Button>
              )}
              <ConfirmDialog
                title={`Cancel “${e.name}”?`}
                confirmLabel="Cancel the experience"
                onConfirm={onCancel}
                trigger={
                  <Button variant="danger" pending={cancel.pending}>
                    Cancel experience
                  </Button>
                }
              >
                {open.length === 0 ? (
                  <p>Nobody has booked it yet. It will no longer be sold.</p>
                ) : (
                  <p>
                    <strong>
                      This cancels {plural(open.length, "booking")} ({plural(openGuests, "guest")}).
                    </strong>{" "}
                    Each is refunded in full{paid > 0 ? ` (${formatMoney(paid, e.currency)} in all)` : ""} and every guest is emailed. This cannot be undone.
                  </p>
                )}
              </ConfirmDialog>
            </>
          ) : null}
          {night.mayExport ? (
            <a className={buttonClass("secondary")} href={`${base}/${id}/export`} download>
              Export CSV
            </a>
          ) : null}
        </div>
      </div>
      <SuccessNote>{note}</SuccessNote>
      <ActionErrorAlert error={error} />

      <Card as="section" aria-labelledby="sales-h">
        <h2 id="sales-h">Sales</h2>
        <DataTable labelledBy="sales-h" className="report-table experience-sales" columns={["Section", "Seats", "Confirmed", "Held", "Left", "Checked in", "Paid"]}>
          {night.sales.map((s) => (
            <tr key={s.sectionId} data-testid="section-sales">
              <th scope="row">
                {s.name}
                <span className="muted small"> · {s.priceCents === 0 ? "free" : `${formatMoney(s.priceCents, e.currency)} a seat`}</span>
              </th>
              <td>{s.capacity}</td>
              <td>{s.confirmedSeats}</td>
              <td>{s.heldSeats}</td>
              <td>{s.seatsLeft}</td>
              <td>{s.checkedInSeats}</td>
              <td>{formatMoney(s.revenueCents, e.currency)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>

      <Card as="section" aria-labelledby="guests-h">
        <h2 id="guests-h">Guest list</h2>
        {night.guests.length === 0 ? (
          <p>No bookings yet.</p>
        ) : (
          <DataTable wide labelledBy="guests-h" className="book-table experience-guests" columns={["Guest", "Seats", "Section", "Status", "Payment", "Check-in"]}>
            {night.guests.map((g) => {
              const name = g.name?.trim() || `Guest ${g.code}`;
              return (
                <tr key={g.reservationId} data-testid="guest-row">
                  <td>
                    {name}
                    <span className="muted small"> · {g.code}</span>
                    {g.specialRequests ? <span className="small block">{g.specialRequests}</span> : null}
                  </td>
                  <td>{g.partySize}</td>
                  <td>{g.sectionName}</td>
                  <td>
                    <span className={`status-pill status-${g.status}`}>{g.status === "seated" ? "Checked in" : STATUS_LABEL[g.status as keyof typeof STATUS_LABEL]}</span>
                  </td>
                  <td>
                    {PAYMENT_LABEL[g.paymentStatus] ?? g.paymentStatus}
                    {g.amountCents > 0 ? <span className="muted small"> · {formatMoney(g.amountCents, e.currency)}</span> : null}
                  </td>
                  <td>
                    {g.status === "confirmed" ? (
                      <Button variant="secondary" pending={checkIn.pending} onClick={() => void onCheckIn(g.reservationId, name, false)} aria-label={`Check in ${name}`}>
                        Check in
                      </Button>
                    ) : g.status === "seated" ? (
                      <Button variant="ghost" pending={undo.pending} onClick={() => void onCheckIn(g.reservationId, name, true)} aria-label={`Undo check-in for ${name}`}>
                        Undo
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
