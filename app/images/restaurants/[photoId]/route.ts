export { servePhotoHandler as GET } from "@/lib/restaurants/photo-file";
