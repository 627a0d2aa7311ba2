"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { changeAvailabilityAction } from "@/app/reservations/actions";
import { useId, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { addDays } from "@/lib/availability/calendar";
import { countOf, formatLocalDate, partyLabel } from "./format";
import { JoinWaitlist } from "./join-waitlist";
import { NextAvailable } from "./next-available";
import { groupBySession, type PickerSession } from "./slot-groups";
import { SlotButtons, type ReplacesRef, type SlotOption } from "./slot-buttons";
import { SlotSkeleton } from "./slot-skeleton";
import { useViewerTimeZone } from "./use-viewer-time-zone";
import { fieldClass } from "@/components/ui/field";

export interface AvailabilityResponse {
  restaurant_id: string;
  date: string;
  timezone: string;
  party_size: number;
  slots: {
    starts_at: string;
    local_time: string;
    available: boolean;
    tables_left: number;
  }[];
}

class AvailabilityError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The day's seatings from the public API (the same availability service the booking checks with). */
export async function fetchAvailability(
  restaurantId: string,
  date: string,
  partySize: number,
): Promise<AvailabilityResponse> {
  const params = new URLSearchParams({ date, party_size: String(partySize) });
  const res = await fetch(
    `/api/v1/restaurants/${encodeURIComponent(restaurantId)}/availability?${params}`,
    {
      headers: { accept: "application/json" },
      cache: "no-store",
    },
  );
  if (!res.ok) {
    let message = "We could not load the times.";
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // Not JSON: keep the plain sentence.
    }
    throw new AvailabilityError(message, res.status);
  }
  return (await res.json()) as AvailabilityResponse;
}

/**
 * The times a confirmed booking could move to: its own table and covers count as free, which only
 * someone who may change it can ask for (its cookie, link token or account).
 */
async function fetchChangeAvailability(
  replaces: ReplacesRef,
  date: string,
  partySize: number,
): Promise<AvailabilityResponse> {
  const result = await changeAvailabilityAction({ ...replaces, date, partySize });
  if (!result.ok) {
    const status = result.error.code === "internal" || result.error.code === "unavailable" ? 503 : 400;
    throw new AvailabilityError(result.error.message, status);
  }
  return result.data;
}

export const availabilityKey = (
  restaurantId: string,
  date: string,
  partySize: number,
  changing?: string,
) => ["availability", restaurantId, date, partySize, ...(changing ? [changing] : [])] as const;

export function useAvailability(
  restaurantId: string,
  date: string,
  partySize: number,
  replaces?: ReplacesRef,
) {
  return useQuery({
    queryKey: availabilityKey(restaurantId, date, partySize, replaces?.code),
    queryFn: () =>
      replaces
        ? fetchChangeAvailability(replaces, date, partySize)
        : fetchAvailability(restaurantId, date, partySize),
    // Always stale, so coming back to the tab refetches: others book while the diner is away. The
    // API answers from its Redis cache, so this costs little.
    staleTime: 0,
    refetchOnWindowFocus: true,
    // A 4xx (closed to that party size, too far ahead) will not change by asking again.
    retry: (count, error) =>
      !(error instanceof AvailabilityError && error.status < 500) && count < 1,
  });
}

export interface AvailabilityPickerProps {
  restaurantId: string;
  restaurantName: string;
  timeZone: string;
  /** The restaurant's local date today, and the last date it takes bookings for. */
  today: string;
  lastDate: string;
  minPartySize: number;
  maxPartySize: number;
  initialDate?: string;
  initialPartySize?: number;
  replaces?: ReplacesRef;
  headingLevel?: 2 | 3;
  /** Shown under the heading, e.g. how a change works. */
  intro?: ReactNode;
  /** The restaurant's sessions: times are grouped under their names, with a filter between them. */
  sessions?: PickerSession[];
}

/**
 * Date and party size, then the day's bookable times as buttons, fetched with TanStack Query and
 * refreshed whenever the diner comes back to the tab. Times are the restaurant's wall clock; a note
 * says which zone when the diner's own differs.
 */
export function AvailabilityPicker(props: AvailabilityPickerProps) {
  const {
    restaurantId,
    restaurantName,
    timeZone,
    today,
    lastDate,
    minPartySize,
    maxPartySize,
  } = props;
  const id = useId();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(
    props.initialDate && props.initialDate >= today ? props.initialDate : today,
  );
  const [partySize, setPartySize] = useState(() => {
    const wanted =
      props.initialPartySize ??
      Math.min(Math.max(2, minPartySize), maxPartySize);
    return Math.min(Math.max(wanted, minPartySize), maxPartySize);
  });
  const viewerZone = useViewerTimeZone();
  const query = useAvailability(restaurantId, date, partySize, props.replaces);
  const Heading = props.headingLevel === 3 ? "h3" : "h2";

  const sizes: number[] = [];
  for (
    let n = minPartySize;
    n <= Math.min(maxPartySize, minPartySize + 49);
    n++
  )
    sizes.push(n);

  const dateLabel = formatLocalDate(date);
  const available: SlotOption[] =
    query.data?.slots
      .filter((s) => s.available)
      .map((s) => ({ startsAt: s.starts_at, localTime: s.local_time })) ?? [];
  const allGroups = groupBySession(available, props.sessions ?? [], date);
  const grouped = allGroups.length > 1;
  const [sessionFilter, setSessionFilter] = useState("all");
  const filter =
    grouped && allGroups.some((g) => g.label === sessionFilter)
      ? sessionFilter
      : "all";
  const groups = grouped
    ? allGroups.filter((g) => filter === "all" || g.label === filter)
    : undefined;
  const groupHeadingLevel = props.headingLevel === 3 ? 4 : 3;

  return (
    <section className="availability" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`}>
        {props.replaces ? "Change time or party size" : "Book a table"}
      </Heading>
      {props.intro}
      <div className="availability-controls">
        <div className={fieldClass}>
          <label htmlFor={`${id}-date`}>Date</label>
          <div className="date-stepper">
            <Button
              variant="secondary"
              className="btn-icon"
              aria-label="Previous day"
              disabled={date <= today}
              onClick={() => setDate((d) => (d > today ? addDays(d, -1) : d))}
            >
              <span aria-hidden="true">‹</span>
            </Button>
            <input
              id={`${id}-date`}
              type="date"
              value={date}
              min={today}
              max={lastDate}
              required
              onChange={(e) => {
                const v = e.target.value;
                if (/^\d{4}-\d{2}-\d{2}$/.test(v))
                  setDate(v < today ? today : v > lastDate ? lastDate : v);
              }}
            />
            <Button
              variant="secondary"
              className="btn-icon"
              aria-label="Next day"
              disabled={date >= lastDate}
              onClick={() =>
                setDate((d) => (d < lastDate ? addDays(d, 1) : d))
              }
            >
              <span aria-hidden="true">›</span>
            </Button>
          </div>
        </div>
        <div className={fieldClass}>
          <label htmlFor={`${id}-party`}>Party size</label>
          <select
            id={`${id}-party`}
            value={partySize}
            onChange={(e) => setPartySize(Number(e.target.value))}
          >
            {sizes.map((n) => (
              <option key={n} value={n}>
                {partyLabel(n)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div
        className="availability-results"
        aria-busy={query.isFetching ? true : undefined}
      >
        <p className="availability-caption">
          <strong>{dateLabel}</strong>, {partyLabel(partySize)}
          {viewerZone && viewerZone !== timeZone ? (
            <span className="muted" data-testid="zone-note">
              {" "}
              · times are local to the restaurant ({timeZone})
            </span>
          ) : null}
        </p>
        {query.isPending ? (
          <SlotSkeleton />
        ) : query.isError ? (
          <Alert variant="danger">
            <p>{query.error.message}</p>
            <Button variant="secondary" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : query.data.slots.length === 0 || available.length === 0 ? (
          <div className="empty-slots stack-sm" data-testid="empty-day">
            <p>
              {query.data.slots.length === 0
                ? `${restaurantName} is closed on ${dateLabel}.`
                : `No times left for ${partyLabel(partySize)} on ${dateLabel}.`}
            </p>
            <NextAvailable
              restaurantId={restaurantId}
              date={date}
              partySize={partySize}
              onChoose={setDate}
              replaces={props.replaces}
            />
            {query.data.slots.length > 0 && !props.replaces ? (
              <JoinWaitlist
                restaurantId={restaurantId}
                date={date}
                dateLabel={dateLabel}
                partySize={partySize}
                times={query.data.slots.map((s) => s.local_time)}
              />
            ) : null}
          </div>
        ) : (
          <>
            {grouped ? (
              <fieldset className="session-filter">
                <legend className="visually-hidden">Time of day</legend>
                {[
                  { label: "all", text: "All times" },
                  ...allGroups.map((g) => ({ label: g.label, text: g.label })),
                ].map((o) => (
                  <label key={o.label} className="chip">
                    <input
                      type="radio"
                      name={`${id}-session`}
                      value={o.label}
                      checked={filter === o.label}
                      onChange={() => setSessionFilter(o.label)}
                    />
                    <span>{o.text}</span>
                  </label>
                ))}
              </fieldset>
            ) : null}
            <SlotButtons
              groups={groups}
              groupHeadingLevel={groupHeadingLevel}
              key={`${date}:${partySize}`}
              restaurantId={restaurantId}
              timeZone={timeZone}
              partySize={partySize}
              slots={available}
              replaces={props.replaces}
              label={`Available times on ${dateLabel} for ${partyLabel(partySize)}`}
              // Marked stale, not refetched now: the alternatives on screen are fresher than a new list.
              onTaken={() =>
                void queryClient.invalidateQueries({
                  queryKey: ["availability", restaurantId],
                  refetchType: "none",
                })
              }
            />
          </>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {query.isPending
          ? "Loading available times…"
          : query.isSuccess
            ? `${available.length === 0 ? "No times" : countOf(available.length, "time")} available on ${dateLabel} for ${partyLabel(partySize)}.`
            : ""}
      </p>
    </section>
  );
}
