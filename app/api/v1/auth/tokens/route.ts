export { listTokensHandler as GET } from "@/lib/api/routes/auth";
