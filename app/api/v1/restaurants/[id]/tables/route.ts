export { listTablesHandler as GET, createTableHandler as POST } from "@/lib/api/routes/floor";
