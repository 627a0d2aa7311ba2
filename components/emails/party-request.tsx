import { Text } from "@react-email/components";
import { EmailLayout, FinePrint, Paragraph } from "./email-layout";
import { ManageButton } from "./reservation-details";

export interface PartyRequestEmailProps {
  restaurantName: string;
  name: string;
  partySize: number;
  /** "Friday 4 December 2026 at 19:30". */
  when: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  bookUrl: string;
}

export const partyRequestSubject = (p: Pick<PartyRequestEmailProps, "partySize" | "when" | "name">) =>
  `Table request: ${p.partySize} people, ${p.when} (${p.name})`;

/** To the restaurant's owners and managers: a group larger than online booking takes asks for a table. */
export default function PartyRequestEmail(p: PartyRequestEmailProps) {
  return (
    <EmailLayout preview={`${p.name} asks for a table for ${p.partySize}.`} heading={`A table for ${p.partySize}?`}>
      <Paragraph>
        {p.name} asks {p.restaurantName} for a table for <strong>{p.partySize} people</strong> on <strong>{p.when}</strong>.
      </Paragraph>
      <Paragraph>
        Contact: {[p.email, p.phone].filter(Boolean).join(" · ")}
      </Paragraph>
      {p.notes ? <Text style={{ fontSize: "15px", margin: "0 0 12px", whiteSpace: "pre-line" }}>Their notes: {p.notes}</Text> : null}
      <ManageButton url={p.bookUrl}>Answer in the day book</ManageButton>
      <FinePrint>
        Accepting books them at the table and time you choose, and they get the confirmation. Declining sends them your
        message.
      </FinePrint>
    </EmailLayout>
  );
}
