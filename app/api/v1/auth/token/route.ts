export { tokenHandler as POST } from "@/lib/api/routes/auth";
