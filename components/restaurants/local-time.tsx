/**
 * The current time in a restaurant's zone, formatted on the server. Rendered only by Server
 * Components, so the text never differs between server and client.
 */
export function formatLocalTime(now: Date, timeZone: string): { time: string; weekday: string; offset: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "shortOffset",
  }).formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { time: `${get("hour")}:${get("minute")}`, weekday: get("weekday"), offset: get("timeZoneName") };
}

export function LocalTime({ now, timeZone }: { now: Date; timeZone: string }) {
  const { time, weekday, offset } = formatLocalTime(now, timeZone);
  return (
    <p className="local-time" data-testid="local-time">
      <span className="muted">Local time</span>
      <time dateTime={now.toISOString()}>
        {weekday} {time}
      </time>
      <span className="local-time-zone">
        {timeZone} ({offset})
      </span>
    </p>
  );
}
