export { cancelExperienceHandler as POST } from "@/lib/api/routes/experiences";
