import { NextResponse } from "next/server";
import { absoluteUrl, storeManageToken } from "@/app/book/manage-token";
import { manageToken, reservationCode } from "@/lib/reservations/contract";

/**
 * The link in a waitlist offer: keeps its signed token for this browser (as a hold's manage token is
 * kept) and opens the booking page, where the diner confirms the table held for them. Whether the
 * token is genuine and the hold still live is decided there, by the reservation services.
 */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const code = reservationCode.safeParse((await params).code);
  const token = manageToken.safeParse(new URL(request.url).searchParams.get("token") ?? "");
  if (!code.success) return NextResponse.redirect(absoluteUrl("/restaurants"));
  if (token.success) await storeManageToken(code.data, token.data);
  return NextResponse.redirect(absoluteUrl(`/book/${encodeURIComponent(code.data)}`));
}
