export { uploadPhotoHandler as POST } from "@/lib/api/routes/photos";
