export { updateSessionHandler as PATCH, deleteSessionHandler as DELETE } from "@/lib/api/routes/floor";
