/** Stars as text with an accessible label: "★★★★☆" read as "4 out of 5 stars". */
export function Stars({ rating, className }: { rating: number; className?: string }) {
  const whole = Math.max(0, Math.min(5, Math.round(rating)));
  return (
    <span className={`stars ${className ?? ""}`} role="img" aria-label={`${formatRating(rating)} out of 5 stars`}>
      <span aria-hidden="true">{"★".repeat(whole)}</span>
      <span aria-hidden="true" className="stars-empty">
        {"☆".repeat(5 - whole)}
      </span>
    </span>
  );
}

export function formatRating(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
