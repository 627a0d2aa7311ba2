import { Paragraph } from "./email-layout";
import { Button, Column, Link, Row, Section, Text } from "@react-email/components";
import { countOf } from "@/lib/text/plural";

/** What every reservation email shows; times are already in the restaurant's zone. */
export interface ReservationEmailDetails {
  restaurantName: string;
  restaurantAddress: string | null;
  guestName: string | null;
  code: string;
  partySize: number;
  /** e.g. "Saturday 14 March 2026" */
  localDate: string;
  /** e.g. "19:00" */
  localTime: string;
  /** IANA name, e.g. "Europe/London" */
  timeZone: string;
  /** e.g. "GMT", "BST", "GMT+2" */
  zoneAbbreviation: string;
  manageUrl: string;
  /** Seats at an experience: what and where, instead of a table for a party. */
  experience?: { name: string; sectionName: string } | null;
}

/** "your table" or "your seats at Truffle night": what the sentences of an email speak of. */
export function yourBooking(d: ReservationEmailDetails): string {
  return d.experience ? `your seats at ${d.experience.name}` : "your table";
}

const label = { color: "#6b625c", fontSize: "13px", margin: "0", width: "120px" } as const;
const value = { color: "#1f1a17", fontSize: "15px", fontWeight: 600, margin: "0" } as const;
const row = { padding: "4px 0" } as const;

export function partyText(size: number): string {
  return countOf(size, "person", "people");
}

export function Greeting({ name }: { name: string | null }) {
  return <Paragraph>{name ? `Hello ${name},` : "Hello,"}</Paragraph>;
}

export function DetailsTable({ d }: { d: ReservationEmailDetails }) {
  const rows: [string, string][] = [
    ["Restaurant", d.restaurantName],
    ["Date", d.localDate],
    ["Time", `${d.localTime} (${d.zoneAbbreviation}, ${d.timeZone})`],
    ...((d.experience
      ? [
          ["Experience", d.experience.name],
          ["Section", d.experience.sectionName],
          ["Seats", countOf(d.partySize, "seat")],
        ]
      : [["Party", partyText(d.partySize)]]) as [string, string][]),
    ["Code", d.code],
  ];
  if (d.restaurantAddress) rows.splice(1, 0, ["Address", d.restaurantAddress]);
  return (
    <Section style={{ backgroundColor: "#faf7f4", borderRadius: "6px", margin: "16px 0", padding: "12px 16px" }}>
      {rows.map(([k, v]) => (
        <Row key={k} style={row}>
          <Column style={label}>{k}</Column>
          <Column style={value}>{v}</Column>
        </Row>
      ))}
    </Section>
  );
}

export function ManageButton({ url, children }: { url: string; children: string }) {
  return (
    <Section style={{ margin: "16px 0" }}>
      <Button
        href={url}
        style={{ backgroundColor: "#9f3a1a", borderRadius: "6px", color: "#ffffff", fontSize: "15px", fontWeight: 600, padding: "12px 20px" }}
      >
        {children}
      </Button>
      <Text style={{ color: "#6b625c", fontSize: "12px", margin: "8px 0 0" }}>
        Or open this link: <Link href={url}>{url}</Link>
      </Text>
    </Section>
  );
}
