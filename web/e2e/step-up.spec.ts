import { expect, test } from './fixtures';
import { mainNav, signIn } from './flows';
import { createUser } from './harness/users';
import { stepUpCodeFor, stepUpDialog } from './stepUp';

test('a customer admin without a passkey confirms by an e-mailed code before creating an API key', async ({ page, expectAccessible }) => {
  const user = createUser({ role: 'customer_admin', org: `Step-up Corp ${Date.now()}`, label: 'step-up' });
  await signIn(page, user.email, user.password);
  await (await mainNav(page)).getByRole('link', { name: 'API keys' }).click();
  const main = page.getByRole('main');
  await main.getByLabel('Key name').fill('Oracle AP');
  await main.getByRole('button', { name: 'Create key' }).click();

  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(user.email);
  const send = dialog.getByRole('button', { name: 'E-mail me a code' });
  await expect(send).toBeFocused();
  await expectAccessible();
  await send.click();

  const code = dialog.getByLabel('6-digit code');
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  const first = await stepUpCodeFor(user.email);
  expect(first.mail.Text).toContain('expires in 10 minutes');

  // A wrong code says so, next to the field; nothing is created.
  const wrong = first.code === '000000' ? '000001' : '000000';
  await code.fill(wrong);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toContainText("That code isn't right.");
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible();

  // A new code replaces the first one.
  await dialog.getByRole('button', { name: 'Send a new code' }).click();
  await expect(dialog).toContainText('We sent a new code');
  const second = await stepUpCodeFor(user.email, [first.mail.ID]);
  await code.fill(second.code);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();

  const created = main.getByRole('region', { name: 'Key “Oracle AP” created' });
  await expect(created).toContainText('It will not be shown again.');
  await expect(main.getByRole('list', { name: 'API keys' })).toContainText('Oracle AP');
});

test('closing the dialog creates nothing and says why', async ({ page }) => {
  const user = createUser({ role: 'customer_admin', org: `Step-up Corp ${Date.now()}`, label: 'step-up-cancel' });
  await signIn(page, user.email, user.password);
  await page.goto('/admin/api-keys');
  const main = page.getByRole('main');
  await main.getByLabel('Key name').fill('Never');
  await main.getByRole('button', { name: 'Create key' }).click();
  await expect(stepUpDialog(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(stepUpDialog(page)).toBeHidden();
  await expect(main).toContainText('The key was not created');
  await expect(main).toContainText('Your organization has no API keys yet.');
});
