import { Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";
import { DetailsTable, Greeting, ManageButton, partyText, type ReservationEmailDetails } from "./reservation-details";

export interface ReservationUpdatedProps extends ReservationEmailDetails {
  specialRequests: string | null;
  /** e.g. "2 hours" */
  cancellationCutoff: string;
  /** The deposit or saved card in plain words, with the new deadline. */
  paymentNote?: string | null;
}

export function updatedSubject(p: ReservationEmailDetails): string {
  return `Changed: ${p.restaurantName}, now ${p.localDate} at ${p.localTime}`;
}

export default function ReservationUpdated(p: ReservationUpdatedProps) {
  return (
    <EmailLayout
      preview={`Your booking ${p.code} at ${p.restaurantName} is now for ${partyText(p.partySize)}, ${p.localDate} at ${p.localTime}.`}
      heading="Your booking has changed"
    >
      <Greeting name={p.guestName} />
      <Text style={{ fontSize: "15px", margin: "0" }}>
        Your booking <strong>{p.code}</strong> at {p.restaurantName} now stands as below; it replaces the earlier time. The
        attached calendar file updates the event already in your calendar rather than adding a second one.
      </Text>
      <DetailsTable d={p} />
      {p.specialRequests ? <Text style={{ fontSize: "14px" }}>Your request: {p.specialRequests}</Text> : null}
      {p.paymentNote ? <Text style={{ fontSize: "15px" }}>{p.paymentNote}</Text> : null}
      <ManageButton url={p.manageUrl}>View, change or cancel your booking</ManageButton>
      <Text style={{ color: "#6b625c", fontSize: "13px" }}>
        You can change or cancel online until {p.cancellationCutoff} before your booking; after that, please call the restaurant.
      </Text>
    </EmailLayout>
  );
}
