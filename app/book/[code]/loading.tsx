import { Card } from "@/components/ui/card";
export default function Loading() {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading your booking…
      </p>
      <div aria-hidden="true">
        <div className="skeleton skeleton-title" style={{ height: "2.5rem", maxWidth: "26rem" }} />
        <div className="skeleton skeleton-line" style={{ marginTop: "1rem", maxWidth: "34rem" }} />
        <Card className="skeleton" style={{ marginTop: "2rem", height: "6rem" }} />
        <Card className="skeleton" style={{ marginTop: "1rem", height: "22rem" }} />
      </div>
    </div>
  );
}
