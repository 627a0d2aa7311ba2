import { Card } from "@/components/ui/card";
export default function Loading() {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading your reservations…
      </p>
      <div aria-hidden="true">
        <div className="skeleton skeleton-title" style={{ height: "2.5rem", maxWidth: "20rem" }} />
        {Array.from({ length: 3 }, (_, i) => (
          <Card className="skeleton" key={i} style={{ marginTop: "1rem", height: "5.5rem" }} />
        ))}
      </div>
    </div>
  );
}
