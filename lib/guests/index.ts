export * from "./guests";
