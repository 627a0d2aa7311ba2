export { twilioWebhookHandler as POST } from "@/lib/api/routes/webhooks";
