import { z } from "zod";
import { route } from "@/lib/api/handler";
import { localDate, slug } from "@/lib/api/schemas";
import { reportFileName, reportToCsv } from "@/lib/reports/csv";
import { getReport } from "@/lib/reports/report";
import { getRestaurantForMember } from "@/lib/restaurants/restaurants";

/** The report for a date range as CSV (owners and managers of this restaurant). */
export const dynamic = "force-dynamic";

export const GET = route(
  { auth: "member", params: z.object({ slug }), query: z.object({ from: localDate, to: localDate }) },
  async ({ db, principal, params, query }) => {
    const { restaurant } = await getRestaurantForMember(db, principal, params.slug, "reports.view");
    const report = await getReport(db, principal, restaurant.id, { from: query.from, to: query.to });
    return new Response(reportToCsv(report), {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${reportFileName(report)}"`,
        "cache-control": "no-store",
      },
    });
  },
);
