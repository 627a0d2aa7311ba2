export { listSessionsHandler as GET, createSessionHandler as POST } from "@/lib/api/routes/floor";
