import { EmailLayout, FinePrint, Paragraph } from "./email-layout";
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
      <Paragraph>
        {p.invitedBy ? `${p.invitedBy} invited you` : "You are invited"} to join {p.restaurantName} on Tablekeep as{" "}
        {ROLE_WORDS[p.role]}.
      </Paragraph>
      <ManageButton url={p.joinUrl}>Join the team</ManageButton>
      <FinePrint>
        The link works until {p.expiresOn}, once, for an account with this address ({p.email}); you can create one
        from the link. If you did not expect this, ignore this email.
      </FinePrint>
    </EmailLayout>
  );
}
