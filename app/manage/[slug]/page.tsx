import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { DayBookView } from "@/components/owner/day-book";
import { isValidLocalDate } from "@/lib/availability/slots";
import { getDayBook } from "@/lib/reservations/day-book";
import { loadWorkspace } from "../workspace";

export const metadata: Metadata = { title: "Day’s book" };

/**
 * The day's book: timeline, list, covers and counts for one local date, refreshed live in the
 * browser from /manage/[slug]/book. Every role may open it.
 */
export default async function BookPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ date?: string | string[] }>;
}) {
  const { slug } = await params;
  const { date } = await searchParams;
  const ws = await loadWorkspace(slug, "book.view", `/manage/${slug}`);
  const wanted = typeof date === "string" && isValidLocalDate(date) ? date : null;
  const book = await getDayBook(getDb(), { restaurantId: ws.restaurant.id, principal: ws.principal, date: wanted });
  return <DayBookView key={book.date} initial={book} />;
}
