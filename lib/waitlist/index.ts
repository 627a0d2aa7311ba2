export * from "./waitlist";
export * from "./contract";
