"use client";

import { useId, useMemo, useRef, useState } from "react";
import { Controller, useWatch } from "react-hook-form";
import type { z } from "zod";
import { createSessionAction, deleteSessionAction, updateSessionAction } from "@/app/manage/session-actions";
import { generateSeatings, type ClosureRule, type SessionRule } from "@/lib/availability/slots";
import { Button } from "@/components/ui/button";
import { Field, FieldError, FieldHint } from "@/components/ui/field";
import type { SessionBooking } from "@/lib/restaurants/sessions";
import { sessionCreateSchema, sessionPatchSchema, suggestSessionName } from "@/lib/restaurants/contract";
import { toMajorUnits } from "@/lib/payments/contract";
import { formatMoney } from "@/lib/payments/money";
import type { SessionMoneyPolicy } from "@/lib/payments/policy";
import { ConfirmDialog } from "./confirm-dialog";
import { formatWeekdays, WEEKDAYS, WEEKDAYS_LONG } from "@/components/diner/format";
import { ActionErrorAlert, FormActions, SuccessNote } from "./form-bits";
import { MoneyInput } from "./money-input";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";
import { Card } from "@/components/ui/card";

type TurnRule = { max_party_size: number; minutes: number };

/** The form's values: the session contract's input, as the owner action takes it. */
type Values = z.input<typeof sessionCreateSchema>;

const NO_OWN_MONEY: SessionMoneyPolicy = { depositCents: null, depositMinPartySize: null, noShowFeeCents: null };

/** What "By party size" starts with when the session has one turn time. */
const DEFAULT_TURN_RULES: TurnRule[] = [
  { max_party_size: 2, minutes: 90 },
  { max_party_size: 20, minutes: 120 },
];

function valuesOf(s: SessionRule | undefined, money: SessionMoneyPolicy, others: readonly SessionRule[] = []): Values {
  return {
    name: s?.name ?? suggestSessionName(others.map((o) => o.name)),
    days: s?.days ?? [2, 3, 4, 5, 6],
    firstSeating: s?.firstSeating.slice(0, 5) ?? "18:00",
    lastSeating: s?.lastSeating.slice(0, 5) ?? "21:30",
    intervalMinutes: s?.intervalMinutes ?? 15,
    turnMinutes: s?.turnMinutes ?? 90,
    maxCoversPerSlot: s?.maxCoversPerSlot || null,
    depositCents: money.depositCents,
    depositMinPartySize: money.depositMinPartySize,
    noShowFeeCents: money.noShowFeeCents,
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
              <Card as="li" className="session-card" key={s.id}>
                <h2>{s.name}</h2>
                <p>
                  {formatWeekdays(s.days)} · {s.firstSeating.slice(0, 5)}–{s.lastSeating.slice(0, 5)}
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
                      <Button variant="danger" pending={remove.pending} aria-label={`Delete ${s.name}`}>
                        Delete
                      </Button>
                    }
                  >
                    <SessionDeleteImpact session={s} bookings={props.upcoming?.[s.id] ?? []} />
                  </ConfirmDialog>
                </div>
              </Card>
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
  const [previewDate, setPreviewDate] = useState(today);
  // One form for both: the edit contract takes the same fields, each optional.
  const act = useActionForm(
    (session ? sessionPatchSchema : sessionCreateSchema) as typeof sessionCreateSchema,
    (session ? updateSessionAction : createSessionAction) as typeof createSessionAction,
    {
      defaultValues: valuesOf(session, (session && money[session.id]) || NO_OWN_MONEY, sessions),
      wire: session ? { restaurant_id: restaurantId, session_id: session.id } : { restaurant_id: restaurantId },
    },
  );
  const { form, register, fieldError: err } = act;
  const d = useWatch({ control: form.control }) as Values;
  const revalidate = { shouldValidate: form.formState.isSubmitted };
  const setDays = (days: number[]) => form.setValue("days", days, revalidate);
  const setTurn = (turn: Values["turnMinutes"]) => form.setValue("turnMinutes", turn, revalidate);
  const turn = d.turnMinutes;
  const turnRules = Array.isArray(turn) ? turn : [];
  // The turn time of the mode not shown, kept while the owner switches between the two.
  const keptTurn = useRef({ fixed: typeof turn === "number" ? turn : 90, byParty: Array.isArray(turn) ? turn : DEFAULT_TURN_RULES });
  function chooseTurnMode(mode: "fixed" | "byParty") {
    if (typeof turn === "number") keptTurn.current.fixed = turn;
    else keptTurn.current.byParty = turn;
    setTurn(mode === "fixed" ? keptTurn.current.fixed : keptTurn.current.byParty);
  }

  const preview = useMemo(() => {
    const draft: SessionRule = {
      id: session?.id ?? "draft",
      name: d.name || "This session",
      days: d.days,
      firstSeating: d.firstSeating,
      lastSeating: d.lastSeating,
      intervalMinutes: d.intervalMinutes ?? Number.NaN,
      turnMinutes: d.turnMinutes,
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

  const onSubmit = act.submit((res, v) => onDone(`Session “${v.name}” ${session ? "saved" : "added"}.${outsideNote(res.outsideRules)}`));

  // The money fields say what they take in the owner's terms rather than the contract's.
  const notAmount = `An amount in ${currency}, such as ${toMajorUnits(2000, currency)}; 0 for none, empty for the restaurant's.`;
  const moneyError = (name: "depositCents" | "noShowFeeCents") => (Number.isNaN(d[name]) ? notAmount : err(name));
  const depositMin = d.depositMinPartySize;
  const depositMinError =
    typeof depositMin === "number" && !(Number.isInteger(depositMin) && depositMin >= 0) ? "A party size, or empty for the restaurant's." : err("depositMinPartySize");
  const emptyIsNull = { setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v)) };

  return (
    <Card className="session-editor">
      <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>{session ? `Edit ${session.name}` : "New session"}</h2>
        <Field id={`${ids}-name`} label="Name" required error={err("name")}>
          {(p) => <input {...p} maxLength={60} required {...register("name")} />}
        </Field>
        <fieldset aria-describedby={err("days") ? `${ids}-days-error` : undefined}>
          <legend>Days</legend>
          <div className="day-picker">
            {WEEKDAYS.map((name, i) => (
              <label key={name} className="checkbox day-option">
                <input
                  type="checkbox"
                  checked={d.days.includes(i + 1)}
                  onChange={(e) => setDays(e.target.checked ? [...d.days, i + 1] : d.days.filter((x) => x !== i + 1))}
                />
                <abbr title={WEEKDAYS_LONG[i]}>{name}</abbr>
              </label>
            ))}
          </div>
          {err("days") ? (
            <FieldError id={`${ids}-days-error`}>
              {err("days")}
            </FieldError>
          ) : null}
        </fieldset>
        <div className="form-grid">
          <Field id={`${ids}-first`} label="First seating" required error={err("firstSeating")}>
            {(p) => <input {...p} type="time" required {...register("firstSeating")} />}
          </Field>
          <Field
            id={`${ids}-last`}
            label="Last seating"
            required
            hint={d.lastSeating && d.firstSeating && d.lastSeating < d.firstSeating ? "Earlier than the first: runs past midnight." : undefined}
            error={err("lastSeating")}
          >
            {(p) => <input {...p} type="time" required {...register("lastSeating")} />}
          </Field>
          <Field id={`${ids}-interval`} label="Every (minutes)" required error={err("intervalMinutes")}>
            {(p) => <input {...p} type="number" min={5} max={240} step={5} inputMode="numeric" required {...register("intervalMinutes", { valueAsNumber: true })} />}
          </Field>
          <Field id={`${ids}-pacing`} label="Max covers per seating" optional hint="Pacing for the kitchen." error={err("maxCoversPerSlot")}>
            {(p) => <input {...p} type="number" min={1} inputMode="numeric" {...register("maxCoversPerSlot", emptyIsNull)} />}
          </Field>
        </div>
        <fieldset>
          <legend>Turn time</legend>
          <div className="cluster">
            <label className="checkbox">
              <input type="radio" name={`${ids}-turn`} checked={!Array.isArray(turn)} onChange={() => chooseTurnMode("fixed")} /> Same for every party
            </label>
            <label className="checkbox">
              <input type="radio" name={`${ids}-turn`} checked={Array.isArray(turn)} onChange={() => chooseTurnMode("byParty")} /> By party size
            </label>
          </div>
          {!Array.isArray(turn) ? (
            <Field id={`${ids}-turn-fixed`} label="Minutes at the table" error={err("turnMinutes")}>
              {(p) => <input {...p} type="number" min={5} max={720} value={Number.isFinite(turn) ? turn : ""} onChange={(e) => setTurn(e.target.valueAsNumber)} inputMode="numeric" />}
            </Field>
          ) : (
            <div className="turn-rules">
              {turnRules.map((r, i) => (
                <div key={i} className="turn-rule">
                  <Field id={`${ids}-turn-${i}-size`} label="Parties up to">
                    {(p) => (
                      <input
                        {...p}
                        type="number"
                        min={1}
                        value={Number.isFinite(r.max_party_size) ? r.max_party_size : ""}
                        onChange={(e) => setTurn(turnRules.map((x, j) => (j === i ? { ...x, max_party_size: e.target.valueAsNumber } : x)))}
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
                        onChange={(e) => setTurn(turnRules.map((x, j) => (j === i ? { ...x, minutes: e.target.valueAsNumber } : x)))}
                        inputMode="numeric"
                      />
                    )}
                  </Field>
                  <Button variant="ghost" onClick={() => setTurn(turnRules.filter((_, j) => j !== i))} disabled={turnRules.length === 1} aria-label={`Remove rule ${i + 1}`}>
                    Remove
                  </Button>
                </div>
              ))}
              <Button variant="secondary" onClick={() => setTurn([...turnRules, { max_party_size: (turnRules.at(-1)?.max_party_size ?? 0) + 2, minutes: 120 }])}>
                Add a rule
              </Button>
              {err("turnMinutes") ? <FieldError>{err("turnMinutes")}</FieldError> : null}
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>Deposit and card for this session</legend>
          <FieldHint className="muted">Leave a field empty to follow the restaurant&rsquo;s policy in settings; 0 asks for none in this session.</FieldHint>
          <div className="form-grid">
            <Field id={`${ids}-deposit`} label={`Deposit per person (${currency})`} optional error={moneyError("depositCents")}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="depositCents"
                  render={({ field }) => <MoneyInput control={p} value={field.value} onChange={field.onChange} onBlur={field.onBlur} currency={currency} empty={null} />}
                />
              )}
            </Field>
            <Field id={`${ids}-deposit-min`} label="Deposit from party size" optional error={depositMinError}>
              {(p) => <input {...p} type="number" min={0} inputMode="numeric" {...register("depositMinPartySize", emptyIsNull)} />}
            </Field>
            <Field id={`${ids}-no-show-fee`} label={`No-show fee per person (${currency})`} optional error={moneyError("noShowFeeCents")}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="noShowFeeCents"
                  render={({ field }) => <MoneyInput control={p} value={field.value} onChange={field.onChange} onBlur={field.onBlur} currency={currency} empty={null} />}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <FormActions error={act.error} pending={act.pending} label={session ? "Save session" : "Add session"} pendingLabel="Saving…" onCancel={onCancel} />
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
    </Card>
  );
}
