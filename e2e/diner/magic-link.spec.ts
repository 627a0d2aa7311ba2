import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { closeE2eDb, e2eDb } from "../support/db";
import { E2E_AUTH_SECRET, E2E_DIST_DIR, e2eDatabaseUrl } from "../support/env";
import { startFakeResend, type FakeResend } from "@/lib/notifications/testing/fake-resend";
import { stopProcess } from "@/lib/testing/process";
import { freePort, waitFor } from "@/lib/testing/redis";
import { serveArgs } from "@/lib/cli/serve";

/**
 * Sign-in by emailed link. The run's main server has no RESEND_API_KEY, so this file starts its own
 * `next start` (same build, same database) pointed at a local stand-in for Resend, and reads the
 * link out of the email that stand-in captured.
 */
test.describe("sign-in links", () => {
  test.describe.configure({ mode: "serial" });

  let fake: FakeResend;
  let server: ChildProcess | undefined;
  let base: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    fake = await startFakeResend({ apiKey: "test" });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, serveArgs(port, "127.0.0.1"), {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        TRUSTED_PROXY_HOPS: "1",
        NEXT_DIST_DIR: E2E_DIST_DIR,
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: e2eDatabaseUrl(),
        AUTH_SECRET: E2E_AUTH_SECRET,
        APP_URL: base,
        PORT: String(port),
        RESEND_API_KEY: "test",
        RESEND_BASE_URL: fake.url,
        EMAIL_FROM: "Tablekeep <signin@tablekeep.test>",
        AUTH_RATE_LIMIT_PER_MINUTE: "1000",
        // In-process limits and locks: this instance needs no Redis.
        UPSTASH_REDIS_REST_URL: undefined,
        UPSTASH_REDIS_REST_TOKEN: undefined,
        REDIS_URL: undefined,
      },
    });
    await waitFor(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok === true, 60_000, `${base} to be healthy`);
  });

  test.afterAll(async () => {
    await stopProcess(server);
    await fake?.close();
    await closeE2eDb();
  });

  test("a new diner asks for a link, follows it from the email and is signed in", async ({ page }) => {
    const email = `link-${randomBytes(4).toString("hex")}@example.test`;
    await page.goto(`${base}/signin?next=/me`);

    const linkForm = page.getByRole("form", { name: "Email me a sign-in link" });
    await expect(linkForm).toBeVisible();
    await linkForm.getByRole("button", { name: "Email me a link" }).click();
    await expect(linkForm.getByText("Enter your email address.")).toBeVisible();
    await expect(linkForm.getByLabel("Email for the link")).toBeFocused();

    await linkForm.getByLabel("Email for the link").fill(email.toUpperCase());
    await linkForm.getByRole("button", { name: "Email me a link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(email.toUpperCase());

    await waitFor(() => fake.deliveries.some((d) => [d.body.to].flat().includes(email)), 10_000, `the email to ${email}`);
    const sent = fake.deliveries.find((d) => [d.body.to].flat().includes(email))!;
    expect(sent.body.from).toBe("Tablekeep <signin@tablekeep.test>");
    expect(sent.body.subject).toBe("Your Tablekeep sign-in link");
    const link = /https?:\/\/\S+/.exec(sent.body.text ?? "")?.[0];
    expect(link).toBeDefined();
    expect(link!.startsWith(`${base}/api/auth/callback/resend?`)).toBe(true);
    expect(sent.body.html).toContain("Sign in to Tablekeep");

    // Not signed in until the link is followed.
    await page.goto(`${base}/me`);
    await expect(page).toHaveURL(`${base}/signin?next=/me`);

    await page.goto(link!);
    await expect(page).toHaveURL(`${base}/me`);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    const header = page.getByRole("banner");
    await expect(header.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(header.getByRole("link", { name: "My reservations" })).toBeVisible();

    const { sql } = e2eDb();
    const rows = await sql<{ id: string; email_verified: Date | null; password_hash: string | null }[]>`
      select id, email_verified, password_hash from users where lower(email) = ${email}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email_verified).not.toBeNull();
    expect(rows[0]!.password_hash).toBeNull();
    // The link works once.
    const [tokens] = await sql<{ n: number }[]>`select count(*)::int as n from verification_tokens where identifier = ${email}`;
    expect(tokens!.n).toBe(0);
  });

  test("without Resend configured the main server's sign-in page offers no link", async ({ page }) => {
    await page.goto("/signin");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
    await expect(page.getByText(/sign-in link/i)).toHaveCount(0);
    await expect(page.getByLabel("Email for the link")).toHaveCount(0);
  });
});
