"use client";

import { useId, useState } from "react";
import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeInviteAction } from "@/app/manage/staff-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { inviteSchema } from "@/lib/restaurants/contract";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";

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
  expiresAt: string;
  expired: boolean;
}

const ROLE_HELP: Record<Role, string> = {
  owner: "everything, including staff",
  manager: "everything but staff and deleting the restaurant",
  host: "the day's book only",
};

export function StaffManager({ restaurantId, me, members, invites }: { restaurantId: string; me: string; members: StaffMemberItem[]; invites: InviteItem[] }) {
  const ids = useId();
  const invite = useActionForm(inviteSchema, inviteMemberAction, { defaultValues: { email: "", role: "host" }, wire: { restaurant_id: restaurantId } });
  const revoke = useServerAction(revokeInviteAction);
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);

  const onInvite = invite.submit((res) => {
    setLink({ url: `${window.location.origin}${res.path}`, email: res.email });
    invite.form.reset();
  });

  return (
    <div className="stack">
      <section className="card" aria-labelledby={`${ids}-members`}>
        <h2 id={`${ids}-members`}>Team</h2>
        <ul className="staff-list">
          {members.map((m) => (
            <MemberRow key={m.userId} restaurantId={restaurantId} m={m} isMe={m.userId === me} />
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby={`${ids}-invite`}>
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
            <Button type="submit" disabled={invite.pending}>
              {invite.pending ? "Inviting…" : "Create invite"}
            </Button>
          </div>
        </form>
        {link ? (
          <div className="alert alert-success" role="status">
            <p>
              Send this link to {link.email}. It works once, for that email address, for 7 days, and is shown only now.
            </p>
            <p className="invite-link">
              <label htmlFor={`${ids}-link`}>Invite link</label>
              <input id={`${ids}-link`} readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} data-testid="invite-link" />
            </p>
            <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(link.url)}>
              Copy link
            </Button>
          </div>
        ) : null}
      </section>

      {invites.length > 0 ? (
        <section className="card" aria-labelledby={`${ids}-pending`}>
          <h2 id={`${ids}-pending`}>Open invites</h2>
          <ul className="staff-list">
            {invites.map((i) => (
              <li key={i.id} className="staff-row">
                <div>
                  <p className="staff-name">{i.email}</p>
                  <p className="muted small">
                    {i.role} · {i.expired ? "expired" : `expires ${i.expiresAt.slice(0, 10)}`}
                  </p>
                </div>
                <Button variant="secondary" onClick={() => void revoke.run({ restaurant_id: restaurantId, invite_id: i.id })} disabled={revoke.pending} aria-label={`Revoke invite for ${i.email}`}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
          <ActionErrorAlert error={revoke.error} />
        </section>
      ) : null}
    </div>
  );
}

function MemberRow({ restaurantId, m, isMe }: { restaurantId: string; m: StaffMemberItem; isMe: boolean }) {
  const ids = useId();
  const change = useServerAction(changeRoleAction);
  const remove = useServerAction(removeMemberAction);
  const [confirm, setConfirm] = useState(false);
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
        {confirm ? (
          <Button variant="danger" onClick={() => void remove.run({ restaurant_id: restaurantId, user_id: m.userId })} disabled={remove.pending}>
            Yes, remove {who}
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => setConfirm(true)} aria-label={`Remove ${who}`}>
            Remove
          </Button>
        )}
      </div>
      <div className="staff-messages">
        <ActionErrorAlert error={change.error ?? remove.error} />
        <SuccessNote>{note}</SuccessNote>
      </div>
    </li>
  );
}
