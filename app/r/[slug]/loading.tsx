export default function Loading() {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading restaurant…
      </p>
      <div className="skeleton skeleton-title" style={{ height: "2.5rem", maxWidth: "24rem" }} aria-hidden="true" />
      <div className="skeleton skeleton-line" style={{ marginTop: "1rem", maxWidth: "16rem" }} aria-hidden="true" />
      <div className="card skeleton" style={{ marginTop: "2rem", height: "18rem" }} aria-hidden="true" />
    </div>
  );
}
