import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mainNav, signIn } from './flows';
import { linkIn, waitForMail } from './harness/mail';
import { createUser, type TestUser } from './harness/users';
import { addVirtualAuthenticator, withoutPasskeyAutofill } from './webauthn';

const linkSubject = 'Recover access to your Vouch account';

/** A customer admin with one passkey, and another admin of the same (new) org. */
async function userWithPasskey(page: Page): Promise<{ user: TestUser; admin: TestUser }> {
  const org = `Recovery Corp ${randomBytes(4).toString('hex')}`;
  const user = createUser({ role: 'customer_admin', org, label: 'recovery' });
  const admin = createUser({ role: 'customer_admin', org, label: 'recovery-admin' });
  // Autofill would sign in with the passkey before the password form could be used.
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  await signIn(page, user.email, user.password);
  const passkeys = page.getByRole('main').getByRole('region', { name: 'Passkeys' });
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(passkeys).toContainText('added');
  await (await mainNav(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  return { user, admin };
}

/** Asks for a recovery link on /recover and returns it from the e-mail. */
async function askForLink(page: Page, email: string): Promise<URL> {
  await page.goto('/recover');
  await expect(page.getByRole('heading', { level: 1, name: 'Lost your passkeys?' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'E-mail me a recovery link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeFocused();
  const mail = await waitForMail(email, { subject: linkSubject });
  return linkIn(mail.Text, '/recover');
}

test('a recovery starts from an e-mailed link, an admin is told and cancels it, and the link then says so', async ({
  page,
  newPage,
  expectAccessible,
}) => {
  const { user, admin } = await userWithPasskey(page);
  await expectAccessible();
  const link = await askForLink(page, user.email);

  await page.goto(link.href);
  await expect(page.getByRole('heading', { level: 1, name: 'Recovery started' })).toBeVisible();
  await expect(page).toHaveURL(/\/recover$/);
  const main = page.getByRole('main');
  await expect(main).toContainText('Ready on');
  await expect(main.getByRole('button', { name: 'Finish recovery' })).toHaveCount(0);
  await expectAccessible();

  // The org's other admin is told, with a link to the review page, and cancels there.
  const alert = await waitForMail(admin.email, { subject: `Vouch: passkey recovery started for ${user.email}` });
  expect(linkIn(alert.Text, '/admin/recoveries').origin).toBe(new URL(page.url()).origin);
  const reviewer = await newPage();
  await signIn(reviewer, admin.email, admin.password);
  await (await mainNav(reviewer)).getByRole('link', { name: 'Recoveries' }).click();
  await expect(reviewer).toHaveURL(/\/admin\/recoveries$/);
  const list = reviewer.getByRole('list', { name: 'Waiting recoveries' });
  const item = list.getByRole('listitem').filter({ hasText: user.email });
  await expect(item).toContainText('Passkeys removable');
  await expectAccessible(reviewer);
  await item.getByRole('button', { name: `Cancel the recovery of ${user.email}` }).click();
  const form = item.getByRole('form', { name: `Cancel the recovery of ${user.email}` });
  await form.getByRole('button', { name: 'Cancel recovery' }).click();
  await expect(form.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Reason').fill('Called them: they still have their phone');
  await form.getByRole('button', { name: 'Cancel recovery' }).click();
  await expect(reviewer.getByRole('main')).toContainText(`Recovery of ${user.email} cancelled`);
  await expect(item).toHaveCount(0);
  await expectAccessible(reviewer);

  const told = await waitForMail(user.email, { subject: 'The recovery of your Vouch account was cancelled' });
  expect(told.Text).toContain('Called them: they still have their phone');

  // The user's link now says the recovery was cancelled.
  await page.goto(link.href);
  await expect(page.getByRole('heading', { level: 1, name: 'Recovery cancelled' })).toBeVisible();
  await expect(main).toContainText('This recovery was cancelled');
});

test('a signed-in user sees a recovery of their account on the account page and cancels it', async ({ page, expectAccessible }) => {
  const { user } = await userWithPasskey(page);
  const link = await askForLink(page, user.email);
  await page.goto(link.href);
  await expect(page.getByRole('heading', { level: 1, name: 'Recovery started' })).toBeVisible();

  await signIn(page, user.email, user.password);
  const banner = page.getByRole('main').getByText('Someone is recovering your account').locator('..');
  await expect(banner).toBeVisible();
  await expectAccessible();
  await page.getByRole('button', { name: 'Cancel the recovery' }).click();
  await expect(page.getByRole('main')).toContainText('Recovery cancelled');
  await waitForMail(user.email, { subject: 'The recovery of your Vouch account was cancelled' });

  await page.goto(link.href);
  await expect(page.getByRole('heading', { level: 1, name: 'Recovery cancelled' })).toBeVisible();
});
