export { updateTableHandler as PATCH, deleteTableHandler as DELETE } from "@/lib/api/routes/floor";
