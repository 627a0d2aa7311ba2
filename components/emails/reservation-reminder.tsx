import { Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";
import { DetailsTable, Greeting, ManageButton, yourBooking, type ReservationEmailDetails } from "./reservation-details";

export function reminderSubject(p: ReservationEmailDetails): string {
  return `Reminder: ${p.restaurantName}, ${p.localDate} at ${p.localTime}`;
}

export default function ReservationReminder(p: ReservationEmailDetails) {
  return (
    <EmailLayout preview={`See you at ${p.restaurantName} at ${p.localTime}. Code ${p.code}.`} heading="See you soon">
      <Greeting name={p.guestName} />
      <Text style={{ fontSize: "15px", margin: "0" }}>
        A reminder of {yourBooking(p)} at {p.restaurantName}. If your plans have changed, please let the restaurant know
        so someone else can have {p.experience ? "them" : "the table"}.
      </Text>
      <DetailsTable d={p} />
      <ManageButton url={p.manageUrl}>View or cancel your booking</ManageButton>
    </EmailLayout>
  );
}
