"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";

export interface ChartDay {
  date: string;
  /** "5 Mar" */
  label: string;
  reservations: number;
  covers: number;
  noShows: number;
  /** Percent, or null when nothing was open. */
  utilisation: number | null;
}

export interface ChartTable {
  label: string;
  utilisation: number | null;
}

// Colours meet 3:1 against white for graphical objects.
const BRAND = "#9f3a1a";
const BLUE = "#1a5fb4";
const RED = "#b3261e";
const GREEN = "#1e6b3a";

const pct = (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)} %` : "–");

/** The report's charts. Each figure has a caption; the numbers are in the table below, too. */
export function ReportCharts({ days, tables }: { days: ChartDay[]; tables: ChartTable[] }) {
  return (
    <div className="report-charts">
      <Card as="figure" className="chart-card">
        <figcaption>Covers and reservations per day</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={8} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            <Bar dataKey="covers" name="Covers" fill={BRAND} />
            <Bar dataKey="reservations" name="Reservations" fill={BLUE} />
          </BarChart>
        </ResponsiveContainer>
      </Card>
      <Card as="figure" className="chart-card">
        <figcaption>Table utilisation and no-shows per day</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={8} />
            <YAxis yAxisId="pct" tick={{ fontSize: 12 }} unit="%" domain={[0, (max: number) => Math.max(100, Math.ceil(max))]} />
            <YAxis yAxisId="n" orientation="right" allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(v, name) => (name === "Utilisation" ? pct(v) : String(v))} />
            <Legend />
            <Line yAxisId="pct" type="monotone" dataKey="utilisation" name="Utilisation" stroke={GREEN} strokeWidth={2} dot={false} connectNulls />
            <Line yAxisId="n" type="monotone" dataKey="noShows" name="No-shows" stroke={RED} strokeWidth={2} dot={false} />
          </LineChart>
        </ResponsiveContainer>
      </Card>
      {tables.length > 0 ? (
        <Card as="figure" className="chart-card">
          <figcaption>Utilisation by table</figcaption>
          <ResponsiveContainer width="100%" height={Math.max(160, tables.length * 32 + 40)}>
            <BarChart data={tables} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" unit="%" tick={{ fontSize: 12 }} domain={[0, (max: number) => Math.max(100, Math.ceil(max))]} />
              <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={56} />
              <Tooltip formatter={(v) => pct(v)} />
              <Bar dataKey="utilisation" name="Utilisation" fill={GREEN} />
            </BarChart>
          </ResponsiveContainer>
        </Card>
      ) : null}
    </div>
  );
}
