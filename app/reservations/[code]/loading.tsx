import { BookingPageSkeleton } from "@/components/diner/booking-page-skeleton";

export default function Loading() {
  return <BookingPageSkeleton />;
}
