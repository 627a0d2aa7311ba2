import { Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";
import { DetailsTable, Greeting, ManageButton, type ReservationEmailDetails } from "./reservation-details";

export interface ReservationCancellationProps extends ReservationEmailDetails {
  /** The restaurant's page, to book another time. */
  bookAgainUrl: string;
}

export function cancellationSubject(p: ReservationEmailDetails): string {
  return `Cancelled: ${p.restaurantName}, ${p.localDate} at ${p.localTime}`;
}

export default function ReservationCancellation(p: ReservationCancellationProps) {
  return (
    <EmailLayout preview={`Your booking ${p.code} at ${p.restaurantName} is cancelled.`} heading="Your booking is cancelled">
      <Greeting name={p.guestName} />
      <Text style={{ fontSize: "15px", margin: "0" }}>
        This booking at {p.restaurantName} has been cancelled and {p.experience ? "the seats" : "the table"} released. Nothing more is needed from you.
      </Text>
      <DetailsTable d={p} />
      <ManageButton url={p.bookAgainUrl}>{p.experience ? `See ${p.restaurantName}` : "Book another time"}</ManageButton>
    </EmailLayout>
  );
}
