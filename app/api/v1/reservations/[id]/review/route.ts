export { submitReviewHandler as POST, editReviewHandler as PATCH } from "@/lib/api/routes/reviews";
