import { Text } from "@react-email/components";
import { EmailLayout, Paragraph } from "./email-layout";
import { ManageButton } from "./reservation-details";

export interface PartyRequestDeclinedProps {
  restaurantName: string;
  name: string;
  partySize: number;
  when: string;
  message: string;
  restaurantUrl: string;
}

export const partyRequestDeclinedSubject = (p: Pick<PartyRequestDeclinedProps, "restaurantName">) =>
  `${p.restaurantName} cannot take your group then`;

/** To the group: the restaurant declined their request, in its own words. */
export default function PartyRequestDeclined(p: PartyRequestDeclinedProps) {
  return (
    <EmailLayout preview={`About your request for ${p.partySize} on ${p.when}.`} heading="About your table request">
      <Paragraph>
        Hello {p.name}, {p.restaurantName} cannot take your group of {p.partySize} on {p.when}. They wrote:
      </Paragraph>
      <Text style={{ fontSize: "15px", margin: "0 0 12px", padding: "12px", backgroundColor: "#f6f3ef", whiteSpace: "pre-line" }}>{p.message}</Text>
      <ManageButton url={p.restaurantUrl}>{`See ${p.restaurantName}`}</ManageButton>
    </EmailLayout>
  );
}
