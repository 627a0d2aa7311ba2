export { searchRestaurantsHandler as GET, createRestaurantHandler as POST } from "@/lib/api/routes/restaurants";
