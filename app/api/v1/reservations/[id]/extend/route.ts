export { extendHandler as POST } from "@/lib/api/routes/reservations";
