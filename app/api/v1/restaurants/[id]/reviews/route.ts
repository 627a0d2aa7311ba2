export { listReviewsHandler as GET } from "@/lib/api/routes/reviews";
