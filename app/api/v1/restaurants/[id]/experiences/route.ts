export { createExperienceHandler as POST, listExperiencesHandler as GET } from "@/lib/api/routes/experiences";
