import { Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";
import { DetailsTable, Greeting, ManageButton, type ReservationEmailDetails } from "./reservation-details";

export interface HoldExpiredProps extends ReservationEmailDetails {
  bookAgainUrl: string;
}

export function holdExpiredSubject(p: ReservationEmailDetails): string {
  return `Not booked: your hold at ${p.restaurantName} expired`;
}

export default function HoldExpired(p: HoldExpiredProps) {
  return (
    <EmailLayout preview={`Your hold at ${p.restaurantName} expired before it was confirmed.`} heading="Your hold expired">
      <Greeting name={p.guestName} />
      <Text style={{ fontSize: "15px", margin: "0" }}>
        We held {p.experience ? "these seats" : "this table"} for you for a few minutes, but the booking was not confirmed
        in time, so {p.experience ? "they have" : "the table has"} been released. <strong>You do not have a reservation.</strong>
      </Text>
      <DetailsTable d={p} />
      <ManageButton url={p.bookAgainUrl}>Choose a time again</ManageButton>
    </EmailLayout>
  );
}
