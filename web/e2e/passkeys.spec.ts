import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mainNav, signIn } from './flows';
import { createUser } from './harness/users';
import { confirmByPasskey, stepUpDialog } from './stepUp';
import { addVirtualAuthenticator, withoutPasskeyAutofill } from './webauthn';

/** Adds a passkey named `name` from the account page. */
async function addPasskey(page: Page, name: string): Promise<void> {
  const section = page.getByRole('main').getByRole('region', { name: 'Passkeys' });
  await section.getByLabel('Passkey name (optional)').fill(name);
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(section).toContainText(`Passkey “${name}” added`);
}

test('a passkey is added on the account page, signs in without an e-mail, and is removed', async ({ page, expectAccessible }) => {
  const user = createUser({ role: 'supplier_user', org: `Passkey Supply ${Date.now()}`, label: 'passkey' });
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  await signIn(page, user.email, user.password);

  const main = page.getByRole('main');
  const section = main.getByRole('region', { name: 'Passkeys' });
  await expect(section).toContainText('You have no passkeys yet.');
  await expectAccessible();

  await section.getByLabel('Passkey name (optional)').fill('Work laptop');
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(section).toContainText('Passkey “Work laptop” added');
  const list = section.getByRole('list', { name: 'Your passkeys' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('Work laptop');
  await expect(list.getByRole('listitem')).toContainText('Not used yet');
  await expectAccessible();

  const nav = await mainNav(page);
  await nav.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto('/sign-in');
  await expect(page.getByLabel('Email address')).toHaveAttribute('autocomplete', 'username webauthn');
  await expect(page.getByLabel('Email address')).toHaveValue('');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(main).toContainText(`Signed in as ${user.email}`);
  const item = section.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
  await expect(item).toContainText('Work laptop');
  await expect(item).toContainText('Last used');

  await item.getByRole('button', { name: 'Remove Work laptop' }).click();
  await expect(item.getByRole('group', { name: 'Remove Work laptop?' })).toBeVisible();
  await expectAccessible();
  await item.getByRole('button', { name: 'Remove passkey' }).click();
  // Removing a passkey needs a fresh step-up: with a passkey, by the passkey itself.
  await expect(stepUpDialog(page)).toBeVisible();
  await expect(stepUpDialog(page).getByRole('button', { name: 'E-mail me a code' })).toHaveCount(0);
  await expectAccessible();
  await confirmByPasskey(page);
  await expect(section).toContainText('Passkey “Work laptop” removed');
  await expect(section).toContainText('You have no passkeys yet.');

  // Gone on the server too.
  const answer = await page.request.get('/api/v1/me/passkeys');
  expect(await answer.json()).toEqual({ passkeys: [] });
});

test('the e-mail field offers the passkey (autofill) and signs in with it', async ({ page }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp', label: 'passkey-autofill' });
  await addVirtualAuthenticator(page);
  await signIn(page, user.email, user.password);
  await addPasskey(page, 'Phone');
  const nav = await mainNav(page);
  await nav.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);

  // The page starts a conditional request on load; the virtual authenticator picks the
  // passkey as a person would from the e-mail field's suggestions.
  await page.goto('/sign-in?next=%2Fadmin%2Fusers');
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  const me = await page.request.get('/api/v1/me');
  expect(((await me.json()) as { email: string }).email).toBe(user.email);
});
