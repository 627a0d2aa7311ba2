import { Text } from "@react-email/components";
import { EmailLayout, Paragraph } from "./email-layout";
import { DetailsTable, ManageButton, type ReservationEmailDetails } from "./reservation-details";

export interface WaitlistOfferProps extends ReservationEmailDetails {
  /** e.g. "19:42 (GMT)": when the hold made for the diner runs out. */
  holdUntil: string;
}

export function waitlistOfferSubject(p: ReservationEmailDetails): string {
  return `A table is free at ${p.restaurantName}: ${p.localTime}, ${p.localDate}`;
}

export default function WaitlistOffer(p: WaitlistOfferProps) {
  return (
    <EmailLayout preview={`Confirm by ${p.holdUntil}: a table for you at ${p.restaurantName}.`} heading="A table is free for you">
      <Paragraph>Hello,</Paragraph>
      <Text style={{ fontSize: "15px", margin: "0" }}>
        You asked to hear when a table frees up at {p.restaurantName}. One just did, and we are holding it for you{" "}
        <strong>until {p.holdUntil}</strong>. Confirm it before then or it goes to the next person waiting.
      </Text>
      <DetailsTable d={p} />
      <ManageButton url={p.manageUrl}>Confirm this table</ManageButton>
    </EmailLayout>
  );
}
