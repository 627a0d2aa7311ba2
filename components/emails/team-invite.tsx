import { Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";
import { ManageButton } from "./reservation-details";

export interface TeamInviteProps {
  restaurantName: string;
  role: "owner" | "manager" | "host";
  invitedBy: string | null;
  email: string;
  joinUrl: string;
  expiresOn: string;
}

const ROLE_WORDS = {
  owner: "an owner: everything, including staff",
  manager: "a manager: the floor, sessions, closures, settings and reports",
  host: "a host: the day's book",
} as const;

export const teamInviteSubject = (restaurantName: string) => `Join ${restaurantName} on Tablekeep`;

export default function TeamInvite(p: TeamInviteProps) {
  return (
    <EmailLayout preview={`You are invited to the ${p.restaurantName} team.`} heading={`Join ${p.restaurantName}`}>
      <Text style={{ fontSize: "15px", margin: "0 0 12px" }}>
        {p.invitedBy ? `${p.invitedBy} invited you` : "You are invited"} to join {p.restaurantName} on Tablekeep as{" "}
        {ROLE_WORDS[p.role]}.
      </Text>
      <ManageButton url={p.joinUrl}>Join the team</ManageButton>
      <Text style={{ fontSize: "14px", margin: "12px 0 0" }}>
        The link works until {p.expiresOn}, once, for an account with this address ({p.email}); you can create one
        from the link. If you did not expect this, ignore this email.
      </Text>
    </EmailLayout>
  );
}
