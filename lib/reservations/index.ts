export { anonymousHoldCaps, holdTable, nearestAlternatives, type HoldInput, type HoldResult } from "./hold";
export { confirmReservation, extendHold, cancelReservation, releaseHold, updateReservationStatus, getReservation, type GuestDetails } from "./lifecycle";
export { createMemberReservation, listRestaurantReservations, listMyReservations, type MemberBookingInput } from "./member-booking";
export type { ReservationView, ReservationAccess } from "./view";
export { findNextChangeDate, getChangeAvailability } from "./change";
