export { listReservationsHandler as GET, createMemberReservationHandler as POST } from "@/lib/api/routes/reservations";
