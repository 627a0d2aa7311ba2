"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  useEffect,
  useId,
  useRef,
  useState,
  useTransition,
  type KeyboardEvent,
} from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import type { ActionError } from "@/lib/actions";
import { useBookingFlow } from "./booking-flow";
import { formatDateIn, slotAccessibleName } from "./format";
import { rovingTarget, type SlotGroup, type SlotOption } from "./slot-groups";

export type { SlotGroup, SlotOption };

export interface ReplacesRef {
  code: string;
  /** From the manage link the diner opened, when the browser has no cookie for it. */
  token?: string;
}

export interface SlotButtonsProps {
  restaurantId: string;
  timeZone: string;
  partySize: number;
  slots: SlotOption[];
  /** A change to an existing reservation: the new hold replaces it once confirmed. */
  replaces?: ReplacesRef;
  /** Called when a time turned out to be taken, so a list on screen can refresh itself. */
  onTaken?: () => void;
  /** Names the list for assistive technology, e.g. "Available times at Osteria Fiume". */
  label: string;
  /** The slots under headings (Lunch, Dinner); without it, one unheaded list of `slots`. */
  groups?: SlotGroup[];
  /** The level of those headings: one below the picker's own. */
  groupHeadingLevel?: 3 | 4;
  size?: "regular" | "small";
}

interface Problem {
  /** taken: the time went, alternatives follow; overlap: the diner already has a booking then; other: say why and keep the list. */
  kind: "taken" | "overlap" | "other";
  message: string;
  alternatives: SlotOption[];
  slot: SlotOption;
  /** The diner's own booking the chosen time overlaps. */
  existingCode?: string;
  /** Signing in would get past it (the restaurant's share of anonymous holds is taken). */
  signIn?: boolean;
}

/** A lock means someone else is mid-booking that table: worth a couple of quick retries. */
const LOCK_RETRIES = 2;
const LOCK_RETRY_MS = 700;

function alternativesOf(error: ActionError): SlotOption[] {
  const raw = error.details?.alternatives;
  if (!Array.isArray(raw)) return [];
  return raw
    .map((a: { starts_at?: unknown; local_time?: unknown }) => ({
      startsAt: String(a.starts_at ?? ""),
      localTime: String(a.local_time ?? ""),
    }))
    .filter((a) => a.startsAt && a.localTime);
}

/**
 * Bookable times as buttons. Choosing one places a hold (a server action) and opens the booking page;
 * if the time was taken meanwhile, a plain message and the nearest free times take the list's place.
 * Each button's accessible name says the time, the date and the party size.
 */
export function SlotButtons({
  restaurantId,
  timeZone,
  partySize,
  slots,
  replaces,
  onTaken,
  label,
  groups,
  groupHeadingLevel = 3,
  size = "regular",
}: SlotButtonsProps) {
  const flow = useBookingFlow();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [choosing, setChoosing] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const GroupHeading = groupHeadingLevel === 4 ? "h4" : "h3";
  // Roving tabindex: the grid is one Tab stop (the time last moved to); arrows move within it.
  const [active, setActive] = useState<string | null>(null);

  useEffect(() => {
    // Keyboard users land on the explanation, right above the alternatives.
    if (problem) problemRef.current?.focus();
  }, [problem]);

  function choose(slot: SlotOption, options: { bookAnyway?: boolean } = {}) {
    if (pending) return;
    setChoosing(slot.startsAt);
    startTransition(async () => {
      const input = {
        restaurantId,
        startsAt: slot.startsAt,
        partySize,
        ...(replaces
          ? { replaces: replaces.code, replacesToken: replaces.token }
          : {}),
        ...(options.bookAnyway ? { bookAnyway: true } : {}),
      };
      let result = await flow.hold(input);
      for (
        let i = 0;
        i < LOCK_RETRIES && !result.ok && result.error.code === "slot_locked";
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
        result = await flow.hold(input);
      }
      if (result.ok) {
        flow.afterHold(result.data.code, replaces?.code);
        return;
      }
      setChoosing(null);
      const error = result.error;
      if (error.code === "slot_unavailable") {
        onTaken?.();
        const alternatives = alternativesOf(error).filter(
          (a) => a.startsAt !== slot.startsAt,
        );
        setProblem({
          kind: "taken",
          message: `Sorry, ${slot.localTime} was just taken.`,
          alternatives,
          slot,
        });
        return;
      }
      const existing = error.details?.existing as
        { code?: unknown } | undefined;
      if (
        error.code === "conflict" &&
        error.details?.reason === "overlapping_booking" &&
        typeof existing?.code === "string"
      ) {
        setProblem({
          kind: "overlap",
          message: error.message,
          alternatives: [],
          slot,
          existingCode: existing.code,
        });
        return;
      }
      setProblem({
        kind: "other",
        message: error.message,
        alternatives: [],
        slot,
        signIn:
          error.details?.reason === "anonymous_share" ||
          error.code === "unauthenticated",
      });
    });
  }

  const shownGroups: SlotGroup[] =
    problem?.kind === "taken"
      ? [{ label: "", slots: problem.alternatives }]
      : (groups ?? [{ label: "", slots }]);
  const shown = shownGroups.flatMap((g) => g.slots);
  const tabStop = shown.some((s) => s.startsAt === active)
    ? active
    : (shown[0]?.startsAt ?? null);
  const listClass =
    size === "small" ? "slot-list slot-list-small" : "slot-list";

  function onGridKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const buttons = [
      ...(gridRef.current?.querySelectorAll<HTMLButtonElement>(
        "button.slot-button",
      ) ?? []),
    ];
    const current = buttons.indexOf(e.target as HTMLButtonElement);
    if (current < 0) return;
    const target = rovingTarget(
      e.key,
      current,
      buttons.map((b) => ({ top: b.offsetTop, left: b.offsetLeft })),
    );
    if (target === null) return;
    e.preventDefault();
    const button = buttons[target]!;
    setActive(button.dataset.startsAt ?? null);
    button.focus();
  }

  function renderList(list: SlotOption[], name: string) {
    return (
      <ul className={listClass} aria-label={name}>
        {list.map((slot) => {
          const at = new Date(slot.startsAt);
          const accessibleName = slotAccessibleName(
            slot.localTime,
            formatDateIn(at, timeZone),
            partySize,
          );
          const busy = choosing === slot.startsAt;
          return (
            <li key={slot.startsAt}>
              <Button
                variant="plain"
                className="slot-button"
                aria-label={accessibleName}
                pending={pending}
                aria-busy={busy ? true : undefined}
                data-starts-at={slot.startsAt}
                tabIndex={slot.startsAt === tabStop ? 0 : -1}
                onFocus={() => setActive(slot.startsAt)}
                onClick={() => choose(slot)}
              >
                <time dateTime={slot.startsAt}>{slot.localTime}</time>
              </Button>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <div className="slot-picker">
      {problem ? (
        <div
          ref={problemRef}
          tabIndex={-1}
          className="slot-problem"
          data-testid="slot-problem"
        >
          <Alert variant="warning" live="alert">
            <p>{problem.message}</p>
            {problem.kind === "taken" ? (
              problem.alternatives.length > 0 ? (
                <p>The nearest times still free are below.</p>
              ) : (
                <p>
                  No other time is free that day. Try another date or party
                  size.
                </p>
              )
            ) : null}
            {problem.kind === "overlap" && problem.existingCode ? (
              <div className="cluster">
                <Link
                  className={buttonClass("secondary")}
                  href={`/reservations/${encodeURIComponent(problem.existingCode)}`}
                  target={flow.linkTarget}
                >
                  Change my booking
                </Link>
                <Button
                  variant="secondary"
                  onClick={() => choose(problem.slot, { bookAnyway: true })}
                  pending={pending}
                >
                  Book another table as well
                </Button>
              </div>
            ) : null}
            {problem.signIn ? (
              <p>
                <Link href={`/signin?next=${encodeURIComponent(pathname)}`} target={flow.linkTarget}>
                  Sign in
                </Link>{" "}
                to hold a table now.
              </p>
            ) : null}
          </Alert>
        </div>
      ) : null}
      {shown.length > 0 ? (
        // One Tab stop for every time; arrow keys, Home and End move between them.
        <div
          ref={gridRef}
          className="slot-grid"
          onKeyDown={onGridKeyDown}
          data-testid="slot-grid"
        >
          {shownGroups.map((group, i) =>
            group.slots.length === 0 ? null : group.label ? (
              <div
                key={group.label}
                className="slot-group"
                role="group"
                aria-labelledby={`${gridId}-g${i}`}
              >
                <GroupHeading
                  className="slot-group-heading"
                  id={`${gridId}-g${i}`}
                >
                  {group.label}
                </GroupHeading>
                {renderList(group.slots, `${group.label}: ${label}`)}
              </div>
            ) : (
              <div key="all">
                {renderList(
                  group.slots,
                  problem ? `Nearest free times: ${label}` : label,
                )}
              </div>
            ),
          )}
        </div>
      ) : null}
      <p className="visually-hidden" role="status">
        {choosing ? "Holding that table for you…" : ""}
      </p>
    </div>
  );
}
