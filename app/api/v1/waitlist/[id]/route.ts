export { leaveWaitlistHandler as DELETE } from "@/lib/api/routes/waitlist";
