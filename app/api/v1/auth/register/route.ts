export { registerHandler as POST } from "@/lib/api/routes/auth";
