export * from "./reviews";
export * from "./contract";
