import { describe, expect, it } from "vitest";
import { csvCell, reportToCsv } from "./csv";
import type { Report } from "./report";

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(12)).toBe("12");
  });

  it("never lets a text cell start a spreadsheet formula", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell(-3)).toBe("-3");
  });
});

describe("reportToCsv", () => {
  it("writes a header, one line per day and a total line, with CRLF endings", () => {
    const day = { reservations: 2, covers: 5, completed: 1, noShows: 1, cancelled: 0, walkIns: 0, outcomes: 2, bookedMinutes: 180, openMinutes: 600, depositsTakenCents: 4000, refundedCents: 1500, depositsKeptCents: 2500, noShowFeesCents: 0, reviews: 3, reviewStars: 13, reviewsUnreplied: 1 };
    const report: Report = {
      restaurant: { id: "r", name: "R", slug: "r", timezone: "UTC" },
      currency: "EUR",
      otherCurrencies: [],
      from: "2030-01-01",
      to: "2030-01-01",
      days: [{ date: "2030-01-01", ...day }],
      tables: [],
      totals: { ...day, activeTables: 2, noShowRate: 0.5, utilisation: 0.3 },
      reviews: { count: 0, average: null, unanswered: 0, byStars: [], latest: [] },
      autoRefunds: [],
    };
    expect(reportToCsv(report)).toBe(
      "date,reservations,covers,completed,no_shows,cancelled,walk_ins,no_show_rate,booked_table_hours,open_table_hours,utilisation,deposits_taken,refunded,deposits_kept,no_show_fees,currency,reviews,average_rating,reviews_unreplied\r\n" +
        "2030-01-01,2,5,1,1,0,0,0.5000,3.00,10.00,0.3000,40.00,15.00,25.00,0.00,EUR,3,4.33,1\r\n" +
        "total,2,5,1,1,0,0,0.5000,3.00,10.00,0.3000,40.00,15.00,25.00,0.00,EUR,3,4.33,1\r\n",
    );
  });
});
