export { stripeWebhookHandler as POST } from "@/lib/api/routes/webhooks";
