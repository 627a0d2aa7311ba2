import { PageSkeleton, Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="Loading your reservations…">
      <Skeleton shape="title" style={{ height: "2.5rem", maxWidth: "20rem" }} />
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton shape="card" key={i} style={{ marginTop: "1rem", height: "5.5rem" }} />
      ))}
    </PageSkeleton>
  );
}
