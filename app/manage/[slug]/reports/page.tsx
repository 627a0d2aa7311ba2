import type { Metadata } from "next";
import { DateTime } from "luxon";
import { getDb } from "@/lib/db";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { NotAllowed } from "@/components/owner/not-allowed";
import { ReportCharts } from "@/components/owner/report-charts";
import { isValidLocalDate, localDateOf } from "@/lib/availability/slots";
import { isDomainError } from "@/lib/errors";
import { formatMoney } from "@/lib/payments/money";
import { rateText } from "@/lib/reports/rate";
import { getReport, MAX_REPORT_DAYS, type Report } from "@/lib/reports/report";
import { loadWorkspace } from "../../workspace";
import { fieldClass } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Reports" };

const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)} %`);
const noShowRate = (report: Report) => rateText(report.totals.noShows, report.totals.outcomes);
const hours = (minutes: number) => (minutes / 60).toFixed(1);
const AUTO_REFUND_STATUS = { pending: "refund being sent", succeeded: "refunded", failed: "refund failed: check with Stripe" } as const;

export default async function ReportsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}) {
  const { slug } = await params;
  const q = await searchParams;
  const ws = await loadWorkspace(slug, "reports.view", `/manage/${slug}/reports`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const r = ws.restaurant;
  const today = localDateOf(new Date(), r.timezone);
  const defaultFrom = DateTime.fromISO(today, { zone: "utc" }).minus({ days: 29 }).toISODate()!;
  const from = typeof q.from === "string" && isValidLocalDate(q.from) ? q.from : defaultFrom;
  const to = typeof q.to === "string" && isValidLocalDate(q.to) ? q.to : today;

  let report: Report | null = null;
  let problem: string | null = null;
  try {
    report = await getReport(getDb(), ws.principal, r.id, { from, to });
  } catch (e) {
    if (!isDomainError(e) || e.code !== "invalid_input") throw e;
    problem = Object.values(e.fields ?? {}).flat()[0] ?? e.message;
  }

  const csvHref = `/manage/${r.slug}/reports/export?from=${from}&to=${to}`;
  return (
    <div className="stack">
      <div>
        <h1>Reports</h1>
        <p className="muted">By local service date in {r.timezone}. Up to {MAX_REPORT_DAYS} days at a time.</p>
      </div>
      <Card as="form" className="owner-form report-range" method="get" action={`/manage/${r.slug}/reports`}>
        <div className={fieldClass}>
          <label htmlFor="report-from">From</label>
          <input id="report-from" type="date" name="from" defaultValue={from} required />
        </div>
        <div className={fieldClass}>
          <label htmlFor="report-to">To</label>
          <input id="report-to" type="date" name="to" defaultValue={to} required />
        </div>
        <Button type="submit">
          Show
        </Button>
        {report ? (
          <a className={buttonClass("secondary")} href={csvHref} download>
            Download CSV
          </a>
        ) : null}
      </Card>
      {problem ? (
        <Alert variant="danger" role="alert">
          {problem}
        </Alert>
      ) : null}
      {report ? (
        <>
          <dl className="book-counts report-totals">
            <div className="book-count">
              <dt>Reservations</dt>
              <dd>{report.totals.reservations}</dd>
            </div>
            <div className="book-count">
              <dt>Covers</dt>
              <dd>{report.totals.covers}</dd>
            </div>
            <div className="book-count">
              <dt>No-show rate</dt>
              <dd>
                {noShowRate(report).value}
                <span className="muted small book-count-sample">{noShowRate(report).sample}</span>
              </dd>
            </div>
            <div className="book-count">
              <dt>Table utilisation</dt>
              <dd>{percent(report.totals.utilisation)}</dd>
            </div>
            <div className="book-count">
              <dt>Walk-ins</dt>
              <dd>{report.totals.walkIns}</dd>
            </div>
            <div className="book-count">
              <dt>Cancelled</dt>
              <dd>{report.totals.cancelled}</dd>
            </div>
          </dl>
          <p className="muted small">
            No-show rate: no-shows among bookings whose outcome is known (walk-ins excluded), shown once there are ten
            such outcomes. Utilisation: table-hours
            booked ÷ table-hours open ({report.totals.activeTables} active tables, each session from its first seating to
            the end of its last).
          </p>
          <section aria-labelledby="report-money-heading" className="stack">
            <h2 id="report-money-heading">Deposits and fees</h2>
            <dl className="book-counts report-totals">
              <div className="book-count">
                <dt>Deposits taken</dt>
                <dd>{formatMoney(report.totals.depositsTakenCents, report.currency)}</dd>
              </div>
              <div className="book-count">
                <dt>Refunded</dt>
                <dd>{formatMoney(report.totals.refundedCents, report.currency)}</dd>
              </div>
              <div className="book-count">
                <dt>Deposits kept</dt>
                <dd>{formatMoney(report.totals.depositsKeptCents, report.currency)}</dd>
              </div>
              <div className="book-count">
                <dt>No-show fees</dt>
                <dd>{formatMoney(report.totals.noShowFeesCents, report.currency)}</dd>
              </div>
            </dl>
            <p className="muted small">
              By the booking&rsquo;s date, in {report.currency}. Kept: deposits of no-shows and late cancels, less what was
              refunded of them. Refunded: every refund, deposits and fees alike.
              {report.otherCurrencies.length > 0
                ? ` Payments in ${report.otherCurrencies.join(", ")} (taken before the currency changed) are not in these sums.`
                : ""}
            </p>
          </section>
          {report.autoRefunds.length > 0 ? (
            <section aria-labelledby="report-auto-refunds-heading" className="stack" data-testid="report-auto-refunds">
              <h2 id="report-auto-refunds-heading">Refunded automatically</h2>
              <p className="muted small">
                Refunded automatically: payment arrived after the hold lapsed, and the table had gone to another guest. The
                whole payment went back and the guest was emailed; nothing for you to do unless a refund failed.
              </p>
              <ul>
                {report.autoRefunds.map((a) => (
                  <li key={`${a.reservationId}-${a.refundedAt.toISOString()}`}>
                    {a.code} · {a.guestName ?? "Guest"} ·{" "}
                    {DateTime.fromJSDate(a.startsAt, { zone: r.timezone }).setLocale("en-GB").toFormat("d LLL yyyy HH:mm")} ·{" "}
                    {formatMoney(a.amountCents, a.currency)}{" "}
                    <Badge>{AUTO_REFUND_STATUS[a.status]}</Badge>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="report-reviews-heading" className="stack">
            <h2 id="report-reviews-heading">Reviews</h2>
            <dl className="book-counts report-totals">
              <div className="book-count">
                <dt>New reviews</dt>
                <dd>{report.reviews.count}</dd>
              </div>
              <div className="book-count">
                <dt>Average rating</dt>
                <dd>{report.reviews.average === null ? "–" : `${report.reviews.average.toFixed(1)} ★`}</dd>
              </div>
              <div className="book-count">
                <dt>Awaiting your reply</dt>
                <dd>{report.reviews.unanswered}</dd>
              </div>
            </dl>
            {report.reviews.count === 0 ? (
              <p className="muted">No reviews were written in this period.</p>
            ) : (
              <>
                <p className="muted small">
                  By the day they were written.{" "}
                  {report.reviews.byStars.map((b) => `${b.stars} ★: ${b.count}`).join(" · ")}
                </p>
                <ul className="report-reviews" aria-label="Newest reviews in this period">
                  {report.reviews.latest.map((rv) => (
                    <li key={rv.id}>
                      <span className="report-review-stars" aria-label={`${rv.rating} out of 5 stars`}>
                        {"★".repeat(rv.rating)}
                        <span aria-hidden="true" className="muted">
                          {"★".repeat(5 - rv.rating)}
                        </span>
                      </span>{" "}
                      <strong>{rv.author}</strong> <span className="muted">(visit of {rv.visitedOn})</span>
                      {rv.text ? <span className="report-review-text">{rv.text.length > 140 ? `${rv.text.slice(0, 140)}…` : rv.text}</span> : null}
                      {rv.replied ? null : <Badge variant="warning">No reply yet</Badge>}
                    </li>
                  ))}
                </ul>
                <p>
                  <a href={`/manage/${r.slug}/reviews`}>Read and reply to reviews</a>
                </p>
              </>
            )}
          </section>
          <ReportCharts
            days={report.days.map((d) => ({
              date: d.date,
              label: DateTime.fromISO(d.date, { zone: "utc" }).setLocale("en-GB").toFormat("d LLL"),
              reservations: d.reservations,
              covers: d.covers,
              noShows: d.noShows,
              utilisation: d.openMinutes > 0 ? Math.round((d.bookedMinutes / d.openMinutes) * 1000) / 10 : null,
            }))}
            tables={report.tables.map((t) => ({ label: t.label, utilisation: t.utilisation === null ? null : Math.round(t.utilisation * 1000) / 10 }))}
          />
          <section aria-labelledby="report-table-heading">
            <h2 id="report-table-heading">By day</h2>
            <DataTable
              label="Report by day"
              className="report-table"
              columns={["Date", "Reservations", "Covers", "No-shows", "Cancelled", "Walk-ins", "Table-hours booked", "Utilisation", "Deposits taken", "Refunded", "Kept", "No-show fees"]}
            >
              {report.days.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td>{d.reservations}</td>
                  <td>{d.covers}</td>
                  <td>{d.noShows}</td>
                  <td>{d.cancelled}</td>
                  <td>{d.walkIns}</td>
                  <td>{hours(d.bookedMinutes)}</td>
                  <td>{percent(d.openMinutes > 0 ? d.bookedMinutes / d.openMinutes : null)}</td>
                  <td>{formatMoney(d.depositsTakenCents, report.currency)}</td>
                  <td>{formatMoney(d.refundedCents, report.currency)}</td>
                  <td>{formatMoney(d.depositsKeptCents, report.currency)}</td>
                  <td>{formatMoney(d.noShowFeesCents, report.currency)}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      ) : null}
    </div>
  );
}
