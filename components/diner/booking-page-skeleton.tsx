import { PageSkeleton, Skeleton } from "@/components/ui/skeleton";

/** The booking and manage pages while they load: heading, summary line, the hold bar and the form. */
export function BookingPageSkeleton() {
  return (
    <PageSkeleton label="Loading your booking…">
      <Skeleton shape="title" style={{ height: "2.5rem", maxWidth: "26rem" }} />
      <Skeleton shape="line" style={{ marginTop: "1rem", maxWidth: "34rem" }} />
      <Skeleton shape="card" style={{ marginTop: "2rem", height: "6rem" }} />
      <Skeleton shape="card" style={{ marginTop: "1rem", height: "22rem" }} />
    </PageSkeleton>
  );
}
