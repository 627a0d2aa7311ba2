import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import type { MemberRole } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { closeE2eDb, e2eDb } from "../../support/db";
import { E2E_DIST_DIR } from "../../support/env";

/**
 * Helpers for the owner workspace journeys. Each test makes its own restaurant and accounts (unique
 * words), so parallel tests and the demo data never meet; each browser context has its own address.
 */

export function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export const test = base.extend<object, { closeDbAfterWorker: void }>({
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": randomIp() });
  },
  closeDbAfterWorker: [
    async ({}, use) => {
      await use();
      await closeE2eDb();
    },
    { scope: "worker", auto: true },
  ],
});

export { expect };

export const word = () => `pw${randomBytes(4).toString("hex")}`;

export interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
}

/** A user with a password, straight into the database. */
export async function createAccount(label: string): Promise<Account> {
  const { db } = e2eDb();
  const w = word();
  const password = `password-${w}`;
  const user = await insertUser(db, { email: `${label}-${w}@example.test`, name: `${label[0]!.toUpperCase()}${label.slice(1)} ${w}`, passwordHash: await hashPassword(password) });
  return { id: user.id, email: user.email, password, name: user.name! };
}

export interface StaffedRestaurant {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  tables: { id: string; label: string }[];
  staff: Record<"owner" | "manager" | "host", Account>;
}

/** A published restaurant (every day 12:00–22:00 every 30 min, 90-minute turns) with an owner, a manager and a host. */
export async function createStaffedRestaurant(timezone = "Europe/London"): Promise<StaffedRestaurant> {
  const { db } = e2eDb();
  const w = word();
  const r = await insertRestaurant(db, { slug: `owner-${w}`, name: `Owner test ${w}`, timezone, minNoticeMinutes: 0, city: "Testville", cuisine: "Test" });
  const tables = [];
  for (const [label, max] of [["T1", 2], ["T2", 4], ["T3", 6]] as const) {
    const t = await insertTable(db, r.id, { label, minSeats: 1, maxSeats: max });
    tables.push({ id: t.id, label });
  }
  await insertSession(db, r.id, { name: "Dinner", days: [1, 2, 3, 4, 5, 6, 7], firstSeating: "12:00", lastSeating: "22:00", intervalMinutes: 30, turnMinutes: 90 });
  const staff = {} as StaffedRestaurant["staff"];
  for (const role of ["owner", "manager", "host"] as const satisfies MemberRole[]) {
    staff[role] = await createAccount(role);
    await insertMember(db, r.id, staff[role].id, role);
  }
  return { id: r.id, slug: r.slug, name: r.name, timezone, tables, staff };
}

/** Signs in through the real sign-in page and waits to land on `next`. */
export async function signIn(page: Page, account: { email: string; password: string }, next = "/manage"): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(next);
}

/** A separate person: a new browser context with its own address and no cookies. */
export async function newPerson(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
}

/** The restaurant's local date some days from now. */
export function localDate(timezone: string, daysFromToday = 0): string {
  return DateTime.now().setZone(timezone).plus({ days: daysFromToday }).toISODate()!;
}

/** "Friday 12 June 2026", as the diner pages print a local date. */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(`${date}T12:00:00Z`))
    .replace(",", "");
}

/** A diner slot button's accessible name. */
export function slotName(time: string, date: string, partySize: number): string {
  return `${time} on ${longDate(date)} for ${partySize === 1 ? "1 person" : `${partySize} people`}`;
}

export { horizontalOverflow, seriousA11yViolations } from "../../support/a11y";

/**
 * Calls a server action the way a hostile client would, bypassing the UI: POST with the action's id
 * (from the build's server reference manifest) and any arguments. Returns the response text (React's
 * flight format, which carries the action's `{ ok, error: { code } }` result).
 */
/** The owner workspace's action modules: app/manage/<subdomain>-actions.ts. */
const OWNER_ACTION_FILE = /^app\/manage\/[a-z-]*actions\.ts$/;

export async function callServerAction(request: APIRequestContext, baseURL: string, page: string, exportedName: string, args: unknown[]): Promise<string> {
  const distDir = E2E_DIST_DIR;
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName && OWNER_ACTION_FILE.test(v.filename ?? ""))?.[0];
  if (!id) throw new Error(`No server action ${exportedName} in ${distDir}`);
  const res = await request.post(page, {
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseURL },
    data: JSON.stringify(args),
  });
  expect(res.status()).toBe(200);
  return res.text();
}

/**
 * The path of the invite link in the `count`-th email that reached `email` in the development
 * mailbox (the test server has no email provider, so the outbox delivers there), once it arrives.
 */
export async function mailedInvitePath(email: string, count = 1): Promise<string> {
  const { sql } = e2eDb();
  const mails = async () =>
    sql<{ html: string }[]>`select html from dev_mailbox where ${email.toLowerCase()} = any(to_addresses) and html like '%/invites/%' order by created_at`;
  await expect.poll(async () => (await mails()).length, { timeout: 15_000 }).toBe(count);
  const html = (await mails())[count - 1]!.html;
  return new URL(/href="([^"]*\/invites\/[^"]+)"/.exec(html)![1]!).pathname;
}
