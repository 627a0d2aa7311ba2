export { replyHandler as POST } from "@/lib/api/routes/reviews";
