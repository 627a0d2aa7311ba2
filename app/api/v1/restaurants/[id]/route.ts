export { getRestaurantHandler as GET, updateRestaurantHandler as PATCH } from "@/lib/api/routes/restaurants";
