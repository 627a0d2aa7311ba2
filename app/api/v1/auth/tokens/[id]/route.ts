export { revokeTokenHandler as DELETE } from "@/lib/api/routes/auth";
