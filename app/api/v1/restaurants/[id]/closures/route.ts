export { listClosuresHandler as GET, createClosureHandler as POST } from "@/lib/api/routes/floor";
