import { expect, test } from './fixtures';
import { mainNav, signIn, submitSignIn } from './flows';
import { createUser, demo, demoPassword, strongPassword } from './harness/users';

test('support forces a password reset; the user must choose a new password at next sign-in', async ({
  page,
  newPage,
  expectAccessible,
}) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp', label: 'forced' });

  // Support finds the user and forces the reset, with a reason, through the dialog.
  const support = await newPage();
  await signIn(support, demo.support, demoPassword(demo.support));
  await (await mainNav(support)).getByRole('link', { name: 'Users' }).click();
  await expect(support.getByRole('heading', { level: 1, name: 'Users' })).toBeFocused();
  await support.getByRole('searchbox', { name: 'Search by e-mail or name' }).fill(user.email);
  await support.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(support.getByText(`1 user matching “${user.email}”.`)).toBeVisible();
  const row = support.getByRole('row').filter({ hasText: user.email });
  await expect(row).toContainText('Customer administrator');
  await expect(row).not.toContainText('Reset required');
  await expectAccessible(support);

  const open = row.getByRole('button', { name: `Force password reset for ${user.email}` });
  await open.click();
  const dialog = support.getByRole('dialog', { name: 'Force a password reset' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await expectAccessible(support);

  // Escape closes it and gives focus back to the row's button.
  await support.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByRole('button', { name: 'Force password reset' }).click();
  await expect(dialog.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Reason').fill('Reported a phishing e-mail with a link to a fake sign-in page.');
  await dialog.getByRole('radio', { name: 'Support ticket' }).check();
  await dialog.getByLabel('Verification note (optional)').fill('Ticket T-1234');
  await dialog.getByRole('button', { name: 'Force password reset' }).click();

  await expect(dialog).toBeHidden();
  await expect(support.getByRole('status').filter({ hasText: 'must choose' })).toHaveText(
    `${user.email} must choose a new password at next sign-in; their sessions were ended.`,
  );
  await expect(row).toContainText('Reset required');
  await expect(open).toBeFocused();
  await expectAccessible(support);

  // The user, in another browser, signs in and is sent to choose a new password.
  await page.goto('/sign-in');
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Change your password' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('An administrator has asked you to choose a new password');
  await expectAccessible();

  // Everything else waits for the new password.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/change-password$/);

  // A common password is refused, with the server's reason next to the field.
  const next = page.getByLabel('New password', { exact: true });
  await page.getByLabel('Current password').fill(user.password);
  await next.fill('password1234');
  await page.getByLabel('Confirm new password').fill('password1234');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toContainText('Your new password was not accepted.');
  await expect(next).toHaveAttribute('aria-invalid', 'true');
  await expect(next).toBeFocused();
  await expect(page.locator('.field__error')).toHaveText(/common|guess/i);
  await expectAccessible();

  const chosen = strongPassword();
  await next.fill(chosen);
  await page.getByLabel('Confirm new password').fill(chosen);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('status')).toContainText('Your password has been changed.');
  await expect(page.getByRole('main')).toContainText(`Signed in as ${user.email}`);

  // Support sees the reset done once the user has chosen.
  await support.reload();
  await support.getByRole('searchbox', { name: 'Search by e-mail or name' }).fill(user.email);
  await expect(support.getByRole('row').filter({ hasText: user.email })).not.toContainText('Reset required');
});
