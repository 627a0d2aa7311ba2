// Never prerendered: every request checks the dependencies.
export const dynamic = "force-dynamic";

export { healthHandler as GET } from "@/lib/api/routes/system";
