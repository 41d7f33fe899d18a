import { expect, test } from './fixtures';

test('following Sign in opens the form with focus on its heading', async ({ page, expectAccessible }) => {
  await page.goto('/');
  await expectAccessible();
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page).toHaveTitle('Sign in · Vouch');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();
  await expect(page.getByLabel('Email address')).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});

test('an empty form points at the missing fields', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const email = page.getByLabel('Email address');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toBeFocused();
  await expect(email).toHaveAccessibleDescription('Enter your email address.');
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
});

test("a failed sign-in shows the server's problem as an alert", async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not the password');
  const answer = page.waitForResponse((res) => res.url().endsWith('/api/v1/auth/login'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const res = await answer;
  expect(res.status()).toBeGreaterThanOrEqual(400);
  expect(res.request().headers()['x-csrf-token']).toBeTruthy();

  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Sign-in failed');
  expect((await alert.innerText()).replace('Sign-in failed', '').trim()).not.toBe('');
  // The form is still there to try again.
  await expect(page.getByLabel('Email address')).toHaveValue('nobody@example.com');
});
