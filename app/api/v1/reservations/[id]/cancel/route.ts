export { cancelHandler as POST } from "@/lib/api/routes/reservations";
