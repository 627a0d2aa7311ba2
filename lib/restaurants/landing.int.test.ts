import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurantWith, insertUser } from "@/lib/testing/fixtures";
import { DEFAULT_LANDING, landingAfterSignIn } from "./landing";

let t: TestDb;

beforeAll(async () => {
  t = await openTestApp({ kv: false, appDb: false });
});

afterAll(() => closeTestApp(t));

describe("landingAfterSignIn", () => {
  it("sends owners and managers to the workspace, hosts and diners to their reservations, and keeps a page that was asked for", async () => {
    const { staff } = await insertRestaurantWith(t.db, { staff: { owner: {}, manager: {}, host: {} } });
    const [owner, manager, host, diner] = [staff.owner!, staff.manager!, staff.host!, await insertUser(t.db)];
    expect(await landingAfterSignIn(t.db, owner.email.toUpperCase(), DEFAULT_LANDING)).toBe("/manage");
    expect(await landingAfterSignIn(t.db, manager.email, DEFAULT_LANDING)).toBe("/manage");
    expect(await landingAfterSignIn(t.db, host.email, DEFAULT_LANDING)).toBe(DEFAULT_LANDING);
    expect(await landingAfterSignIn(t.db, diner.email, DEFAULT_LANDING)).toBe(DEFAULT_LANDING);
    expect(await landingAfterSignIn(t.db, owner.email, "/r/somewhere")).toBe("/r/somewhere");
  });
});
