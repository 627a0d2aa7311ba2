import { Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";
import { DetailsTable, Greeting, ManageButton, type ReservationEmailDetails } from "./reservation-details";

export interface PaymentRefundedProps extends ReservationEmailDetails {
  bookAgainUrl: string;
  /** "€20.00" */
  amount: string;
}

export function paymentRefundedSubject(p: ReservationEmailDetails): string {
  return `Not booked: your payment to ${p.restaurantName} is refunded`;
}

/** The payment arrived after the hold had lapsed and the table had gone to someone else. */
export default function PaymentRefunded(p: PaymentRefundedProps) {
  return (
    <EmailLayout preview={`Your payment of ${p.amount} is refunded in full.`} heading="Your payment is refunded">
      <Greeting name={p.guestName} />
      <Text style={{ fontSize: "15px", margin: "0" }}>
        Your payment reached us after your hold had run out, and {p.experience ? "the seats had" : "the table had"} already been booked by someone else.{" "}
        <strong>You do not have a reservation.</strong> We have refunded {p.amount} in full; your bank may take a few
        days to show it.
      </Text>
      <DetailsTable d={p} />
      <ManageButton url={p.bookAgainUrl}>Choose another time</ManageButton>
    </EmailLayout>
  );
}
