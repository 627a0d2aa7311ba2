export { GET, POST } from "@/lib/auth/routes";
