const LABELS = ["", "Inexpensive", "Moderate", "Expensive", "Very expensive"] as const;

/** "$$$" with the unused steps dimmed; screen readers hear the band as words. */
export function PriceBand({ band, symbol = "$" }: { band: number | null; symbol?: string }) {
  if (band === null || band < 1 || band > 4) return null;
  return (
    <span className="price-band">
      <span aria-hidden="true">
        {symbol.repeat(band)}
        <span className="price-band-off">{symbol.repeat(4 - band)}</span>
      </span>
      <span className="visually-hidden">{`Price: ${LABELS[band]} (${band} of 4)`}</span>
    </span>
  );
}
