export { joinWaitlistHandler as POST } from "@/lib/api/routes/waitlist";
