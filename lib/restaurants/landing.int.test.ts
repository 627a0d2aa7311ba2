import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertUser } from "@/lib/testing/fixtures";
import { DEFAULT_LANDING, landingAfterSignIn } from "./landing";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb(inject("templateDb"));
});

afterAll(async () => {
  await t.destroy();
});

describe("landingAfterSignIn", () => {
  it("sends owners and managers to the workspace, hosts and diners to their reservations, and keeps a page that was asked for", async () => {
    const r = await insertRestaurant(t.db);
    const [owner, manager, host, diner] = [await insertUser(t.db), await insertUser(t.db), await insertUser(t.db), await insertUser(t.db)];
    await insertMember(t.db, r.id, owner.id, "owner");
    await insertMember(t.db, r.id, manager.id, "manager");
    await insertMember(t.db, r.id, host.id, "host");
    expect(await landingAfterSignIn(t.db, owner.email.toUpperCase(), DEFAULT_LANDING)).toBe("/manage");
    expect(await landingAfterSignIn(t.db, manager.email, DEFAULT_LANDING)).toBe("/manage");
    expect(await landingAfterSignIn(t.db, host.email, DEFAULT_LANDING)).toBe(DEFAULT_LANDING);
    expect(await landingAfterSignIn(t.db, diner.email, DEFAULT_LANDING)).toBe(DEFAULT_LANDING);
    expect(await landingAfterSignIn(t.db, owner.email, "/r/somewhere")).toBe("/r/somewhere");
  });
});
