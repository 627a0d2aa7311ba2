export { getExperienceHandler as GET, updateExperienceHandler as PATCH } from "@/lib/api/routes/experiences";
