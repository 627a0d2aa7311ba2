export { changePasswordHandler as POST } from "@/lib/api/routes/auth";
