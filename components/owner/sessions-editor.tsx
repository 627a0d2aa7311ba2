"use client";

import { useId, useMemo, useState } from "react";
import { createSessionAction, deleteSessionAction, updateSessionAction } from "@/app/manage/session-actions";
import { generateSeatings, type ClosureRule, type SessionRule } from "@/lib/availability/slots";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { SessionBooking } from "@/lib/restaurants/sessions";
import { suggestSessionName } from "@/lib/restaurants/contract";
import { toMajorUnits, toMinorUnits } from "@/lib/payments/contract";
import { formatMoney } from "@/lib/payments/money";
import type { SessionMoneyPolicy } from "@/lib/payments/policy";
import { ConfirmDialog } from "./confirm-dialog";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { useServerAction } from "./use-server-action";

export const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const DAY_FULL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

type TurnRule = { max_party_size: number; minutes: number };

interface Draft {
  name: string;
  days: number[];
  first: string;
  last: string;
  interval: number;
  turnMode: "fixed" | "byParty";
  turnFixed: number;
  turnRules: TurnRule[];
  maxCovers: string;
  /** The session's own money policy, in major units; "" takes the restaurant's. */
  deposit: string;
  depositMin: string;
  noShowFee: string;
}

const NO_OWN_MONEY: SessionMoneyPolicy = { depositCents: null, depositMinPartySize: null, noShowFeeCents: null };

function draftOf(s: SessionRule | undefined, money: SessionMoneyPolicy, currency: string, others: readonly SessionRule[] = []): Draft {
  const turn = s?.turnMinutes ?? 90;
  return {
    name: s?.name ?? suggestSessionName(others.map((o) => o.name)),
    days: s?.days ?? [2, 3, 4, 5, 6],
    first: s?.firstSeating.slice(0, 5) ?? "18:00",
    last: s?.lastSeating.slice(0, 5) ?? "21:30",
    interval: s?.intervalMinutes ?? 15,
    turnMode: typeof turn === "number" ? "fixed" : "byParty",
    turnFixed: typeof turn === "number" ? turn : 90,
    turnRules:
      typeof turn === "number"
        ? [
            { max_party_size: 2, minutes: 90 },
            { max_party_size: 20, minutes: 120 },
          ]
        : turn,
    maxCovers: s?.maxCoversPerSlot ? String(s.maxCoversPerSlot) : "",
    deposit: money.depositCents === null ? "" : toMajorUnits(money.depositCents, currency),
    depositMin: money.depositMinPartySize === null ? "" : String(money.depositMinPartySize),
    noShowFee: money.noShowFeeCents === null ? "" : toMajorUnits(money.noShowFeeCents, currency),
  };
}

/** The session's own money policy in words for its card; null when it follows the restaurant's. */
function describeMoney(m: SessionMoneyPolicy, currency: string): string | null {
  const parts: string[] = [];
  if (m.depositCents !== null) parts.push(m.depositCents > 0 ? `deposit ${formatMoney(m.depositCents, currency)} per person` : "no deposit");
  if (m.depositMinPartySize !== null) parts.push(`deposit from parties of ${m.depositMinPartySize}`);
  if (m.noShowFeeCents !== null) parts.push(m.noShowFeeCents > 0 ? `no-show fee ${formatMoney(m.noShowFeeCents, currency)} per person` : "no card");
  return parts.length > 0 ? `Own policy: ${parts.join(", ")}` : null;
}

function turnOf(d: Draft): SessionRule["turnMinutes"] {
  return d.turnMode === "fixed" ? d.turnFixed : d.turnRules;
}

export function describeDays(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.length === 7) return "Every day";
  // Runs of consecutive days read as ranges: Tue–Sat.
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${DAY_NAMES[sorted[i]! - 1]}–${DAY_NAMES[sorted[j]! - 1]}` : sorted.slice(i, j + 1).map((d) => DAY_NAMES[d - 1]).join(", "));
    i = j + 1;
  }
  return parts.join(", ");
}

export function describeTurn(turn: SessionRule["turnMinutes"]): string {
  if (typeof turn === "number") return `${turn} min per table`;
  return turn.map((r) => `up to ${r.max_party_size}: ${r.minutes} min`).join(", ");
}

export interface SessionsEditorProps {
  restaurantId: string;
  timezone: string;
  today: string;
  sessions: SessionRule[];
  closures: (ClosureRule & { reason: string | null })[];
  /** Per session id, its upcoming bookings (named in the delete dialog). */
  upcoming?: Record<string, SessionBooking[]>;
  /** The restaurant's currency: the session's deposit and fee are in it. */
  currency: string;
  /** Per session id, its own deposit and card policy (null fields take the restaurant's). */
  money: Record<string, SessionMoneyPolicy>;
}

/** How many affected bookings the delete dialog names before it says "and N more". */
const NAMED_BOOKINGS = 8;

function SessionDeleteImpact({ session, bookings }: { session: SessionRule; bookings: SessionBooking[] }) {
  const n = bookings.length;
  return (
    <>
      <p>Diners will no longer be able to book “{session.name}” online.</p>
      {n === 0 ? (
        <p>No upcoming bookings use this session.</p>
      ) : (
        <>
          <p>
            <strong>
              {n} upcoming {n === 1 ? "booking uses" : "bookings use"} this session.
            </strong>{" "}
            {n === 1 ? "It is" : "They are"} not cancelled: {n === 1 ? "it stays" : "they stay"} on the book and {n === 1 ? "is" : "are"} listed
            on this page for you to move or call.
          </p>
          <ul aria-label="Affected bookings">
            {bookings.slice(0, NAMED_BOOKINGS).map((b) => (
              <li key={b.id}>
                {b.serviceDate} {b.localTime} · {b.name ?? "Guest"} · party of {b.partySize} · {b.code}
              </li>
            ))}
          </ul>
          {n > NAMED_BOOKINGS ? <p>and {n - NAMED_BOOKINGS} more.</p> : null}
        </>
      )}
    </>
  );
}

export function SessionsEditor(props: SessionsEditorProps) {
  const [editing, setEditing] = useState<string | "new" | null>(props.sessions.length === 0 ? "new" : null);
  const [note, setNote] = useState("");
  const remove = useServerAction(deleteSessionAction);

  async function onDelete(s: SessionRule) {
    const res = await remove.run({ restaurant_id: props.restaurantId, session_id: s.id });
    if (res) setNote(`Session “${s.name}” removed.${outsideNote(res.outsideRules)}`);
  }

  return (
    <div className="stack">
      <SuccessNote>{note}</SuccessNote>
      <ActionErrorAlert error={remove.error} />
      {props.sessions.length > 0 ? (
        <ul className="session-list">
          {props.sessions.map((s) =>
            editing === s.id ? (
              <li key={s.id}>
                <SessionForm {...props} session={s} onDone={(msg) => { setEditing(null); setNote(msg); }} onCancel={() => setEditing(null)} />
              </li>
            ) : (
              <li key={s.id} className="card session-card">
                <h2>{s.name}</h2>
                <p>
                  {describeDays(s.days)} · {s.firstSeating.slice(0, 5)}–{s.lastSeating.slice(0, 5)}
                  {s.lastSeating < s.firstSeating ? " (past midnight)" : ""} · every {s.intervalMinutes} min
                </p>
                <p className="muted">
                  Turn: {describeTurn(s.turnMinutes)}
                  {s.maxCoversPerSlot ? ` · at most ${s.maxCoversPerSlot} covers per seating` : ""}
                </p>
                {describeMoney(props.money[s.id] ?? NO_OWN_MONEY, props.currency) ? (
                  <p className="muted" data-testid="session-money">
                    {describeMoney(props.money[s.id] ?? NO_OWN_MONEY, props.currency)}
                  </p>
                ) : null}
                <div className="cluster">
                  <Button variant="secondary" onClick={() => { setNote(""); setEditing(s.id); }} aria-label={`Edit ${s.name}`}>
                    Edit
                  </Button>
                  <ConfirmDialog
                    title={`Delete the session “${s.name}”?`}
                    confirmLabel="Delete session"
                    onConfirm={() => onDelete(s)}
                    trigger={
                      <Button variant="danger" disabled={remove.pending} aria-label={`Delete ${s.name}`}>
                        Delete
                      </Button>
                    }
                  >
                    <SessionDeleteImpact session={s} bookings={props.upcoming?.[s.id] ?? []} />
                  </ConfirmDialog>
                </div>
              </li>
            ),
          )}
        </ul>
      ) : null}
      {editing === "new" ? (
        <SessionForm {...props} onDone={(msg) => { setEditing(null); setNote(msg); }} onCancel={props.sessions.length > 0 ? () => setEditing(null) : undefined} />
      ) : (
        <div>
          <Button onClick={() => { setNote(""); setEditing("new"); }}>Add a session</Button>
        </div>
      )}
    </div>
  );
}

function outsideNote(n: number): string {
  return n > 0 ? ` ${n} upcoming ${n === 1 ? "reservation is" : "reservations are"} now outside the rules: see the list above.` : "";
}

function SessionForm({
  restaurantId,
  timezone,
  today,
  sessions,
  closures,
  session,
  onDone,
  onCancel,
  currency,
  money,
}: SessionsEditorProps & { session?: SessionRule; onDone: (message: string) => void; onCancel?: () => void }) {
  const ids = useId();
  const [d, setD] = useState<Draft>(() => draftOf(session, (session && money[session.id]) || NO_OWN_MONEY, currency, sessions));
  const [moneyErrors, setMoneyErrors] = useState<Partial<Record<"deposit" | "depositMin" | "noShowFee", string>>>({});
  const [previewDate, setPreviewDate] = useState(today);
  const create = useServerAction(createSessionAction);
  const update = useServerAction(updateSessionAction);
  const act = session ? update : create;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((old) => ({ ...old, [k]: v }));

  const preview = useMemo(() => {
    const draft: SessionRule = {
      id: session?.id ?? "draft",
      name: d.name || "This session",
      days: d.days,
      firstSeating: d.first,
      lastSeating: d.last,
      intervalMinutes: d.interval,
      turnMinutes: turnOf(d),
      maxCoversPerSlot: null,
    };
    try {
      const others = sessions.filter((s) => s.id !== session?.id);
      const seatings = generateSeatings(timezone, previewDate, [...others, draft], closures);
      return { seatings, draftId: draft.id, error: null as string | null };
    } catch {
      return { seatings: [], draftId: draft.id, error: "Enter a valid date and times to see the seatings." };
    }
  }, [d, previewDate, sessions, session, timezone, closures]);
  const closed = closures.find((c) => c.startDate <= previewDate && previewDate <= c.endDate);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const amount = (text: string) => (text.trim() === "" ? null : toMinorUnits(text, currency));
    const depositCents = amount(d.deposit);
    const noShowFeeCents = amount(d.noShowFee);
    const depositMin = d.depositMin.trim() === "" ? null : Number(d.depositMin);
    const problems: typeof moneyErrors = {};
    const notAmount = `An amount in ${currency}, such as ${toMajorUnits(2000, currency)}; 0 for none, empty for the restaurant's.`;
    if (d.deposit.trim() !== "" && depositCents === null) problems.deposit = notAmount;
    if (d.noShowFee.trim() !== "" && noShowFeeCents === null) problems.noShowFee = notAmount;
    if (depositMin !== null && !(Number.isInteger(depositMin) && depositMin >= 0)) problems.depositMin = "A party size, or empty for the restaurant's.";
    setMoneyErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const input = {
      restaurant_id: restaurantId,
      name: d.name,
      days: [...d.days].sort((a, b) => a - b),
      first_seating: d.first,
      last_seating: d.last,
      interval_minutes: d.interval,
      turn_minutes: turnOf(d),
      max_covers_per_slot: d.maxCovers.trim() === "" ? null : Number(d.maxCovers),
      deposit_cents: depositCents,
      deposit_min_party_size: depositMin,
      no_show_fee_cents: noShowFeeCents,
    };
    const res = session ? await update.run({ ...input, session_id: session.id }) : await create.run(input);
    if (res) onDone(`Session “${d.name}” ${session ? "saved" : "added"}.${outsideNote(res.outsideRules)}`);
  }

  const err = act.fieldError;
  return (
    <div className="card session-editor">
      <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>{session ? `Edit ${session.name}` : "New session"}</h2>
        <Field id={`${ids}-name`} label="Name" required error={err("name")}>
          {(p) => <input {...p} value={d.name} onChange={(e) => set("name", e.target.value)} maxLength={60} required />}
        </Field>
        <fieldset aria-describedby={err("days") ? `${ids}-days-error` : undefined}>
          <legend>Days</legend>
          <div className="day-picker">
            {DAY_NAMES.map((name, i) => (
              <label key={name} className="checkbox day-option">
                <input
                  type="checkbox"
                  checked={d.days.includes(i + 1)}
                  onChange={(e) => set("days", e.target.checked ? [...d.days, i + 1] : d.days.filter((x) => x !== i + 1))}
                />
                <abbr title={DAY_FULL[i]}>{name}</abbr>
              </label>
            ))}
          </div>
          {err("days") ? (
            <p className="field-error" id={`${ids}-days-error`}>
              {err("days")}
            </p>
          ) : null}
        </fieldset>
        <div className="form-grid">
          <Field id={`${ids}-first`} label="First seating" required error={err("first_seating")}>
            {(p) => <input {...p} type="time" value={d.first} onChange={(e) => set("first", e.target.value)} required />}
          </Field>
          <Field
            id={`${ids}-last`}
            label="Last seating"
            required
            hint={d.last && d.first && d.last < d.first ? "Earlier than the first: runs past midnight." : undefined}
            error={err("last_seating")}
          >
            {(p) => <input {...p} type="time" value={d.last} onChange={(e) => set("last", e.target.value)} required />}
          </Field>
          <Field id={`${ids}-interval`} label="Every (minutes)" required error={err("interval_minutes")}>
            {(p) => (
              <input {...p} type="number" min={5} max={240} step={5} value={Number.isFinite(d.interval) ? d.interval : ""} onChange={(e) => set("interval", e.target.valueAsNumber)} inputMode="numeric" required />
            )}
          </Field>
          <Field id={`${ids}-pacing`} label="Max covers per seating" optional hint="Pacing for the kitchen." error={err("max_covers_per_slot")}>
            {(p) => <input {...p} type="number" min={1} value={d.maxCovers} onChange={(e) => set("maxCovers", e.target.value)} inputMode="numeric" />}
          </Field>
        </div>
        <fieldset>
          <legend>Turn time</legend>
          <div className="cluster">
            <label className="checkbox">
              <input type="radio" name={`${ids}-turn`} checked={d.turnMode === "fixed"} onChange={() => set("turnMode", "fixed")} /> Same for every party
            </label>
            <label className="checkbox">
              <input type="radio" name={`${ids}-turn`} checked={d.turnMode === "byParty"} onChange={() => set("turnMode", "byParty")} /> By party size
            </label>
          </div>
          {d.turnMode === "fixed" ? (
            <Field id={`${ids}-turn-fixed`} label="Minutes at the table" error={err("turn_minutes")}>
              {(p) => <input {...p} type="number" min={5} max={720} value={Number.isFinite(d.turnFixed) ? d.turnFixed : ""} onChange={(e) => set("turnFixed", e.target.valueAsNumber)} inputMode="numeric" />}
            </Field>
          ) : (
            <div className="turn-rules">
              {d.turnRules.map((r, i) => (
                <div key={i} className="turn-rule">
                  <Field id={`${ids}-turn-${i}-size`} label="Parties up to">
                    {(p) => (
                      <input
                        {...p}
                        type="number"
                        min={1}
                        value={Number.isFinite(r.max_party_size) ? r.max_party_size : ""}
                        onChange={(e) => set("turnRules", d.turnRules.map((x, j) => (j === i ? { ...x, max_party_size: e.target.valueAsNumber } : x)))}
                        inputMode="numeric"
                      />
                    )}
                  </Field>
                  <Field id={`${ids}-turn-${i}-min`} label="Minutes">
                    {(p) => (
                      <input
                        {...p}
                        type="number"
                        min={5}
                        max={720}
                        value={Number.isFinite(r.minutes) ? r.minutes : ""}
                        onChange={(e) => set("turnRules", d.turnRules.map((x, j) => (j === i ? { ...x, minutes: e.target.valueAsNumber } : x)))}
                        inputMode="numeric"
                      />
                    )}
                  </Field>
                  <Button variant="ghost" onClick={() => set("turnRules", d.turnRules.filter((_, j) => j !== i))} disabled={d.turnRules.length === 1} aria-label={`Remove rule ${i + 1}`}>
                    Remove
                  </Button>
                </div>
              ))}
              <Button variant="secondary" onClick={() => set("turnRules", [...d.turnRules, { max_party_size: (d.turnRules.at(-1)?.max_party_size ?? 0) + 2, minutes: 120 }])}>
                Add a rule
              </Button>
              {err("turn_minutes") ? <p className="field-error">{err("turn_minutes")}</p> : null}
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>Deposit and card for this session</legend>
          <p className="muted field-hint">Leave a field empty to follow the restaurant&rsquo;s policy in settings; 0 asks for none in this session.</p>
          <div className="form-grid">
            <Field id={`${ids}-deposit`} label={`Deposit per person (${currency})`} optional error={moneyErrors.deposit ?? err("deposit_cents")}>
              {(p) => <input {...p} value={d.deposit} onChange={(e) => set("deposit", e.target.value)} inputMode="decimal" />}
            </Field>
            <Field id={`${ids}-deposit-min`} label="Deposit from party size" optional error={moneyErrors.depositMin ?? err("deposit_min_party_size")}>
              {(p) => <input {...p} type="number" min={0} value={d.depositMin} onChange={(e) => set("depositMin", e.target.value)} inputMode="numeric" />}
            </Field>
            <Field id={`${ids}-no-show-fee`} label={`No-show fee per person (${currency})`} optional error={moneyErrors.noShowFee ?? err("no_show_fee_cents")}>
              {(p) => <input {...p} value={d.noShowFee} onChange={(e) => set("noShowFee", e.target.value)} inputMode="decimal" />}
            </Field>
          </div>
        </fieldset>
        <ActionErrorAlert error={act.error} />
        <div className="cluster">
          <Button type="submit" disabled={act.pending}>
            {act.pending ? "Saving…" : session ? "Save session" : "Add session"}
          </Button>
          {onCancel ? (
            <Button variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
        </div>
      </form>

      <section className="session-preview" aria-labelledby={`${ids}-preview`}>
        <h3 id={`${ids}-preview`}>Preview</h3>
        <Field id={`${ids}-preview-date`} label="Seatings on" hint={`Times in ${timezone}; other sessions included.`}>
          {(p) => <input {...p} type="date" value={previewDate} onChange={(e) => setPreviewDate(e.target.value)} />}
        </Field>
        <div aria-live="polite" data-testid="session-preview">
          {preview.error ? (
            <p className="muted">{preview.error}</p>
          ) : closed ? (
            <p>Closed that day{closed.reason ? ` (${closed.reason})` : ""}.</p>
          ) : preview.seatings.length === 0 ? (
            <p>No seatings that day.</p>
          ) : (
            <>
              <p>
                {preview.seatings.filter((s) => s.sessionId === preview.draftId).length} seatings from this session,{" "}
                {preview.seatings.length} in all.
              </p>
              <ul className="slot-chips">
                {preview.seatings.map((s) => (
                  <li key={s.startsAt.toISOString()} className={s.sessionId === preview.draftId ? "chip chip-current" : "chip"}>
                    {s.localTime}
                    {s.sessionId !== preview.draftId ? <span className="visually-hidden"> ({s.sessionName})</span> : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </section>
    </div>
  );
}
