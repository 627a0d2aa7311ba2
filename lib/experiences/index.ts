export * from "./experiences";
export { holdSeats, type HoldSeatsRequest, type HoldSeatsResult } from "./seats";
export { reconcileSeatCounters, reconcileSection, seatCounterKey, giveSeatsBack } from "./counter";
