import { RestaurantListSkeleton } from "@/components/home/restaurant-list";

export default function Loading() {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        Searching…
      </p>
      <h1>Find a table</h1>
      <div className="card skeleton" style={{ height: "14rem" }} aria-hidden="true" />
      <div style={{ marginTop: "2rem" }}>
        <RestaurantListSkeleton count={6} />
      </div>
    </div>
  );
}
