"use client";

import { useId, useState } from "react";
import { changeRoleAction, inviteMemberAction, removeMemberAction, resendInviteAction, revokeInviteAction } from "@/app/manage/staff-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionError } from "@/lib/actions";
import { inviteSchema } from "@/lib/restaurants/contract";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";
import { Card } from "@/components/ui/card";

type Role = "owner" | "manager" | "host";

export interface StaffMemberItem {
  userId: string;
  name: string | null;
  email: string;
  role: Role;
}

export interface InviteItem {
  id: string;
  email: string;
  role: Role;
  /** "6 December", in the restaurant's zone. */
  expiresOn: string;
  expired: boolean;
  resends: number;
  emailState: "queued" | "sent" | "retrying" | "failed";
  /** "29 November, 14:05", in the restaurant's zone. */
  emailSentAt: string | null;
}

const EMAIL_STATE: Record<InviteItem["emailState"], (i: InviteItem) => string> = {
  queued: () => "Email on its way",
  sent: (i) => (i.emailSentAt ? `Emailed ${i.emailSentAt}` : "Emailed"),
  retrying: () => "Email not delivered yet, trying again",
  failed: () => "Email could not be delivered: check the address, then resend",
};

const ROLE_HELP: Record<Role, string> = {
  owner: "everything, including staff",
  manager: "everything but staff and deleting the restaurant",
  host: "the day's book only",
};

export function StaffManager({ restaurantId, me, members, invites }: { restaurantId: string; me: string; members: StaffMemberItem[]; invites: InviteItem[] }) {
  const ids = useId();
  const invite = useActionForm(inviteSchema, inviteMemberAction, { defaultValues: { email: "", role: "host" }, wire: { restaurant_id: restaurantId } });
  const [sent, setSent] = useState("");

  const onInvite = invite.submit((res) => {
    setSent(`Invite emailed to ${res.email}. The link in it works once, for that address, for 7 days.`);
    invite.form.reset();
  });

  return (
    <div className="stack">
      <Card as="section" aria-labelledby={`${ids}-members`}>
        <h2 id={`${ids}-members`}>Team</h2>
        <ul className="staff-list">
          {members.map((m) => (
            <MemberRow key={m.userId} restaurantId={restaurantId} m={m} isMe={m.userId === me} />
          ))}
        </ul>
      </Card>

      <Card as="section" aria-labelledby={`${ids}-invite`}>
        <h2 id={`${ids}-invite`}>Invite someone</h2>
        <form className="owner-form stack" onSubmit={onInvite} noValidate>
          <div className="form-grid">
            <Field id={`${ids}-email`} label="Email" required error={invite.fieldError("email")}>
              {(p) => <input {...p} type="email" required maxLength={254} autoComplete="off" {...invite.register("email")} />}
            </Field>
            <Field id={`${ids}-role`} label="Role" required hint={`Manager: ${ROLE_HELP.manager}. Host: ${ROLE_HELP.host}.`} error={invite.fieldError("role")}>
              {(p) => (
                <select {...p} {...invite.register("role")}>
                  <option value="host">Host</option>
                  <option value="manager">Manager</option>
                </select>
              )}
            </Field>
          </div>
          <ActionErrorAlert error={invite.error} />
          <div>
            <Button type="submit" pending={invite.pending}>
              {invite.pending ? "Sending…" : "Send invite"}
            </Button>
          </div>
        </form>
        <SuccessNote>{sent}</SuccessNote>
      </Card>

      {invites.length > 0 ? (
        <Card as="section" aria-labelledby={`${ids}-pending`}>
          <h2 id={`${ids}-pending`}>Open invites</h2>
          <ul className="staff-list">
            {invites.map((i) => (
              <InviteRow key={i.id} restaurantId={restaurantId} i={i} />
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

function InviteRow({ restaurantId, i }: { restaurantId: string; i: InviteItem }) {
  const resend = useServerAction(resendInviteAction);
  const revoke = useServerAction(revokeInviteAction);
  const [note, setNote] = useState("");
  const state = i.expired ? "Expired: resend to send a new link" : `${EMAIL_STATE[i.emailState](i)} · link works until ${i.expiresOn}`;
  return (
    <li className="staff-row" data-testid="invite-row">
      <div>
        <p className="staff-name">{i.email}</p>
        <p className="muted small">
          <span className="invite-role">{i.role}</span> · <span data-testid="invite-state">{state}</span>
          {i.resends > 0 ? ` · sent ${i.resends + 1} times` : null}
        </p>
      </div>
      <div className="cluster">
        <Button
          variant="secondary"
          onClick={() => void resend.run({ restaurant_id: restaurantId, invite_id: i.id }).then((r) => r && setNote(`A new link is on its way to ${r.email}; the earlier one no longer works.`))}
          pending={resend.pending}
          aria-label={`Resend invite to ${i.email}`}
        >
          {resend.pending ? "Resending…" : "Resend"}
        </Button>
        <ConfirmedButton
          label="Revoke"
          name={`Revoke invite for ${i.email}`}
          confirmLabel={`Yes, revoke the invite for ${i.email}`}
          pending={revoke.pending}
          onConfirm={() => void revoke.run({ restaurant_id: restaurantId, invite_id: i.id })}
        />
      </div>
      <RowMessages error={resend.error ?? revoke.error} note={note} />
    </li>
  );
}

function MemberRow({ restaurantId, m, isMe }: { restaurantId: string; m: StaffMemberItem; isMe: boolean }) {
  const ids = useId();
  const change = useServerAction(changeRoleAction);
  const remove = useServerAction(removeMemberAction);
  const [note, setNote] = useState("");
  const who = m.name ?? m.email;
  return (
    <li className="staff-row">
      <div>
        <p className="staff-name">
          {who}
          {isMe ? <span className="muted"> (you)</span> : null}
        </p>
        <p className="muted small">{m.email}</p>
      </div>
      <div className="cluster">
        <label htmlFor={`${ids}-role`} className="visually-hidden">
          Role of {who}
        </label>
        <select
          id={`${ids}-role`}
          className="inline-select"
          value={m.role}
          disabled={change.pending}
          onChange={(e) => void change.run({ restaurant_id: restaurantId, user_id: m.userId, role: e.target.value as Role }).then((r) => r && setNote(`${who} is now ${r.role}.`))}
        >
          <option value="owner">Owner</option>
          <option value="manager">Manager</option>
          <option value="host">Host</option>
        </select>
        <ConfirmedButton
          label="Remove"
          name={`Remove ${who}`}
          confirmLabel={`Yes, remove ${who}`}
          pending={remove.pending}
          onConfirm={() => void remove.run({ restaurant_id: restaurantId, user_id: m.userId })}
        />
      </div>
      <RowMessages error={change.error ?? remove.error} note={note} />
    </li>
  );
}

/** A row's removal: the first press asks (the button turns into "Yes, …"), the second does it. */
function ConfirmedButton({ label, name, confirmLabel, pending, onConfirm }: { label: string; name: string; confirmLabel: string; pending: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  return asking ? (
    <Button variant="danger" onClick={onConfirm} pending={pending}>
      {confirmLabel}
    </Button>
  ) : (
    <Button variant="secondary" onClick={() => setAsking(true)} aria-label={name}>
      {label}
    </Button>
  );
}

/** What the server said to a row's last action: its refusal, or the confirmation. */
function RowMessages({ error, note }: { error: ActionError | null; note: string }) {
  return (
    <div className="staff-messages">
      <ActionErrorAlert error={error} />
      <SuccessNote>{note}</SuccessNote>
    </div>
  );
}
