import { expect, test } from './fixtures';
import { mainNav, signIn } from './flows';
import { createUser } from './harness/users';
import { confirmByEmail, stepUpDialog } from './stepUp';

test('a customer admin creates an API key, sees it once, and revokes it', async ({ page, request, expectAccessible }) => {
  const user = createUser({ role: 'customer_admin', org: `Key Corp ${Date.now()}`, label: 'api-keys' });
  await signIn(page, user.email, user.password);
  await (await mainNav(page)).getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/admin\/api-keys$/);

  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  await expect(main).toContainText('Your organization has no API keys yet.');
  await expectAccessible();

  await main.getByLabel('Key name').fill('SAP payments run');
  await main.getByRole('button', { name: 'Create key' }).click();
  // A new key needs a fresh step-up; without a passkey, by an e-mailed code (step-up.spec.ts).
  await expect(stepUpDialog(page)).toBeVisible();
  await confirmByEmail(page, user.email);
  const created = main.getByRole('region', { name: 'Key “SAP payments run” created' });
  await expect(created).toContainText('It will not be shown again.');
  const secretField = created.getByLabel('Your new API key');
  await expect(secretField).toHaveAttribute('readonly', '');
  const secret = await secretField.inputValue();
  expect(secret.length).toBeGreaterThan(16);
  await created.getByRole('button', { name: 'Copy key' }).click();
  await expect(created).toContainText(/Copied to the clipboard\.|copy it yourself/);
  await expectAccessible();

  // The key works against the API, as the AP system would use it (no cookies: `request`).
  const bearer = { Authorization: `Bearer ${secret}` };
  expect((await request.get('/api/v1/me', { headers: bearer })).status()).toBe(200);

  const list = main.getByRole('list', { name: 'API keys' });
  await expect(list).toContainText('SAP payments run');
  await expect(list).toContainText('Check payments before they are made');
  await expect(list).not.toContainText(secret);

  // Shown once: after a reload the secret is nowhere on the page.
  await page.reload();
  await expect(list).toContainText('SAP payments run');
  await expect(main).not.toContainText(secret);
  await expect(main.getByLabel('Your new API key')).toHaveCount(0);

  await list.getByRole('button', { name: 'Revoke SAP payments run' }).click();
  const confirm = list.getByRole('group', { name: 'Revoke SAP payments run?' });
  await expect(confirm).toBeVisible();
  await expectAccessible();
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(main).toContainText('Key “SAP payments run” revoked');
  await expect(main).toContainText('Your organization has no API keys yet.');
  await expectAccessible();
  expect((await request.get('/api/v1/me', { headers: bearer })).status()).toBe(401);
});

test('the account page lists sessions; signing another one out sends it to sign in', async ({ page, newPage, expectAccessible }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp', label: 'sessions' });
  await signIn(page, user.email, user.password);
  const other = await newPage();
  await signIn(other, user.email, user.password);

  await page.reload();
  const section = page.getByRole('main').getByRole('region', { name: 'Where you’re signed in' });
  const items = section.getByRole('list', { name: 'Your sessions' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  const here = items.filter({ hasText: 'This device' });
  await expect(here).toHaveCount(1);
  await expect(here).toContainText('Last active');
  await expect(here.getByRole('button')).toHaveCount(0);
  await expectAccessible();

  const elsewhere = items.filter({ hasNotText: 'This device' });
  await elsewhere.getByRole('button', { name: /^Sign out / }).click();
  const confirm = elsewhere.getByRole('group');
  await expect(confirm).toContainText('Whoever uses it will have to sign in again.');
  await expectAccessible();
  await confirm.getByRole('button', { name: 'Sign out this session' }).click();
  await expect(section.getByText(/^Signed out /)).toBeVisible();
  await expect(items).toHaveCount(1);
  await expectAccessible();

  // The other browser, still on a page that loaded while signed in, moves on within the app.
  await (await mainNav(other)).getByRole('link', { name: 'Home' }).click();
  await expect(other).toHaveURL(/\/$/);
  await (await mainNav(other)).getByRole('link', { name: 'Account', exact: true }).click();
  await expect(other).toHaveURL(/\/sign-in\?next=%2Faccount$/);

  // This browser is still signed in.
  await page.reload();
  await expect(page.getByRole('main')).toContainText(`Signed in as ${user.email}`);
});
