export { holdHandler as POST } from "@/lib/api/routes/reservations";
