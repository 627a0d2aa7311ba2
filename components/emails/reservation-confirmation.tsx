import { Text } from "@react-email/components";
import { countOf } from "@/lib/text/plural";
import { EmailLayout } from "./email-layout";
import { DetailsTable, Greeting, ManageButton, partyText, type ReservationEmailDetails } from "./reservation-details";

export interface ReservationConfirmationProps extends ReservationEmailDetails {
  specialRequests: string | null;
  /** e.g. "2 hours" */
  cancellationCutoff: string;
  /** The deposit or saved card in plain words, with the amount and the deadline ("You paid a deposit of €40…"). */
  paymentNote?: string | null;
}

export function confirmationSubject(p: ReservationEmailDetails): string {
  return `Confirmed: ${p.restaurantName}, ${p.localDate} at ${p.localTime}`;
}

export default function ReservationConfirmation(p: ReservationConfirmationProps) {
  return (
    <EmailLayout
      preview={
        p.experience
          ? `Your ${countOf(p.partySize, "seat")} at ${p.experience.name}, ${p.restaurantName}, are booked. Code ${p.code}.`
          : `Your table for ${partyText(p.partySize)} at ${p.restaurantName} is booked. Code ${p.code}.`
      }
      heading={p.experience ? "Your seats are booked" : "Your table is booked"}
    >
      <Greeting name={p.guestName} />
      <Text style={{ fontSize: "15px", margin: "0" }}>
        {p.restaurantName} is expecting you. Your booking code is <strong>{p.code}</strong>; a calendar file is attached.
      </Text>
      <DetailsTable d={p} />
      {p.specialRequests ? <Text style={{ fontSize: "14px" }}>Your request: {p.specialRequests}</Text> : null}
      {p.paymentNote ? <Text style={{ fontSize: "15px" }}>{p.paymentNote}</Text> : null}
      <ManageButton url={p.manageUrl}>View or cancel your booking</ManageButton>
      <Text style={{ color: "#6b625c", fontSize: "13px" }}>
        You can cancel online until {p.cancellationCutoff} before your booking; after that, please call the restaurant.
      </Text>
    </EmailLayout>
  );
}
