export { confirmHandler as POST } from "@/lib/api/routes/reservations";
