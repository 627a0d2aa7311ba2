import { createAccount, createStaffedRestaurant, expect, mailedInvitePath, newPerson, signIn, test } from "./support/fixtures";

/**
 * An owner invites by email: the message goes through the outbox to the (development) mailbox, the
 * staff page follows it, a resend makes the first link useless, and the invited person joins from the
 * emailed link.
 */
test("an invite arrives by email, a resend replaces its link, and joining through the emailed link works", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const r = await createStaffedRestaurant();
  const invitee = await createAccount("invitee");

  await signIn(page, r.staff.owner, `/manage/${r.slug}/staff`);
  await page.getByLabel("Email").fill(invitee.email);
  await page.getByLabel("Role", { exact: true }).selectOption("manager");
  await page.getByRole("button", { name: "Send invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invite emailed to ${invitee.email}` })).toBeVisible();
  await expect(page.getByTestId("invite-link")).toHaveCount(0);

  const firstLink = await mailedInvitePath(invitee.email, 1);
  const row = page.getByTestId("invite-row").filter({ hasText: invitee.email });
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId("invite-state")).toContainText("Emailed", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  await row.getByRole("button", { name: `Resend invite to ${invitee.email}` }).click();
  await expect(row.getByRole("status")).toContainText("the earlier one no longer works");
  await expect(row).toContainText("sent 2 times");
  const secondLink = await mailedInvitePath(invitee.email, 2);
  expect(secondLink).not.toBe(firstLink);

  const ctx = await newPerson(browser);
  const them = await ctx.newPage();
  await them.goto(firstLink);
  await expect(them.getByRole("heading", { level: 1, name: "Invite not found" })).toBeVisible();

  await them.goto(secondLink);
  await expect(them.getByRole("heading", { level: 1, name: r.name })).toBeVisible();
  await them.getByRole("link", { name: "Sign in to accept" }).click();
  await them.getByLabel("Email").fill(invitee.email);
  await them.getByLabel("Password").fill(invitee.password);
  await them.getByRole("button", { name: "Sign in" }).click();
  await expect(them).toHaveURL(secondLink);
  await them.getByRole("button", { name: `Join ${r.name}` }).click();
  await expect(them).toHaveURL(`/manage/${r.slug}`);

  // The owner sees a new manager and no open invite.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Open invites" })).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${invitee.name}`)).toHaveValue("manager");
  await ctx.close();
});

test("revoking an invite kills its emailed link", async ({ page }) => {
  const r = await createStaffedRestaurant();
  const email = `revoked-${r.slug}@example.test`;
  await signIn(page, r.staff.owner, `/manage/${r.slug}/staff`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send invite" }).click();
  const link = await mailedInvitePath(email, 1);
  const row = page.getByTestId("invite-row").filter({ hasText: email });
  await row.getByRole("button", { name: `Revoke invite for ${email}` }).click();
  await row.getByRole("button", { name: `Yes, revoke the invite for ${email}` }).click();
  await expect(page.getByTestId("invite-row").filter({ hasText: email })).toHaveCount(0);
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Invite not found" })).toBeVisible();
});
