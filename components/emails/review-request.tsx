import { Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";
import { Greeting, ManageButton, type ReservationEmailDetails } from "./reservation-details";

export interface ReviewRequestProps extends ReservationEmailDetails {
  reviewUrl: string;
  windowDays: number;
}

export function reviewRequestSubject(p: ReservationEmailDetails): string {
  return `How was ${p.restaurantName}?`;
}

export default function ReviewRequest(p: ReviewRequestProps) {
  return (
    <EmailLayout preview={`Rate your visit to ${p.restaurantName} on ${p.localDate}.`} heading={`How was ${p.restaurantName}?`}>
      <Greeting name={p.guestName} />
      <Text style={{ fontSize: "15px", margin: "0" }}>
        Thank you for dining at {p.restaurantName} on {p.localDate}. A rating and a few words help other diners choose and
        help the restaurant improve. Only guests who have eaten there can review it, and it takes a minute.
      </Text>
      <ManageButton url={p.reviewUrl}>Rate your visit</ManageButton>
      <Text style={{ color: "#6b625c", fontSize: "13px", margin: "0" }}>
        The link works for {p.windowDays} days after your visit, without signing in. Your review shows your first name and
        initial only.
      </Text>
    </EmailLayout>
  );
}
