export { getReservationHandler as GET, updateReservationStatusHandler as PATCH } from "@/lib/api/routes/reservations";
