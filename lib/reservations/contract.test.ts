import { describe, expect, it } from "vitest";
import { confirmBookingSchema, guestDetailsSchema, holdTableSchema, reservationCode } from "./contract";

const valid = { name: " Ada Lovelace ", email: " Ada@Example.TEST ", phone: "", occasion: "", specialRequests: "" };

describe("booking schemas shared by the form and the server", () => {
  it("accepts a guest with only a name and an email, trimming both and lower-casing the email", () => {
    const parsed = guestDetailsSchema.parse(valid);
    expect(parsed.name).toBe("Ada Lovelace");
    expect(parsed.email).toBe("ada@example.test");
    expect(parsed.phone).toBeNull();
    expect(parsed.occasion).toBeNull();
    // The form sends its parsed values to the action, which parses them again: the same result.
    expect(guestDetailsSchema.parse(parsed)).toEqual(parsed);
  });

  it("says what is wrong with each field", () => {
    const result = guestDetailsSchema.safeParse({ name: "  ", email: "not-an-email", phone: "call me", occasion: "wedding", specialRequests: "x".repeat(1001) });
    expect(result.success).toBe(false);
    const fields = result.error!.flatten().fieldErrors;
    expect(fields.name).toEqual(["Enter the name the booking is under."]);
    expect(fields.email).toEqual(["Enter an email address like name@example.com."]);
    expect(fields.phone).toEqual(["Use digits, spaces and + ( ) - . only."]);
    expect(fields.occasion).toEqual(["Choose one of the listed occasions."]);
    expect(fields.specialRequests).toEqual(["At most 1000 characters."]);
  });

  it("confirms by a code, upper-cased, with field errors at the top level", () => {
    expect(confirmBookingSchema.parse({ ...valid, code: "k7m3qx2" }).code).toBe("K7M3QX2");
    expect(reservationCode.safeParse("../etc").success).toBe(false);
    const bad = confirmBookingSchema.safeParse({ ...valid, email: "", code: "K7M3QX2" });
    expect(bad.error!.flatten().fieldErrors.email).toBeDefined();
  });

  it("holds an instant with an offset as a Date, and refuses party sizes that are not whole and positive", () => {
    const parsed = holdTableSchema.parse({
      restaurantId: "3f1c7a2e-1d2b-4c3d-8e4f-000000000001",
      startsAt: "2026-06-12T18:00:00Z",
      partySize: 2,
    });
    expect(parsed.startsAt).toEqual(new Date("2026-06-12T18:00:00Z"));
    for (const partySize of [0, 2.5, -1]) {
      expect(holdTableSchema.safeParse({ restaurantId: "3f1c7a2e-1d2b-4c3d-8e4f-000000000001", startsAt: "2026-06-12T18:00:00Z", partySize }).success).toBe(false);
    }
    expect(holdTableSchema.safeParse({ restaurantId: "nope", startsAt: "tomorrow", partySize: 2 }).success).toBe(false);
  });
});
