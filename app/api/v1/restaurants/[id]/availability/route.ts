export { availabilityHandler as GET } from "@/lib/api/routes/reservations";
