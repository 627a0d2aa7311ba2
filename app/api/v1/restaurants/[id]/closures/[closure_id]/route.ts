export { deleteClosureHandler as DELETE } from "@/lib/api/routes/floor";
