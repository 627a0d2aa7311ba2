export { updatePhotoHandler as PATCH, removePhotoHandler as DELETE } from "@/lib/api/routes/photos";
