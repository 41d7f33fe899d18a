import { randomBytes } from 'node:crypto';
import { expect, test } from './fixtures';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`pages pass axe (contrast included) in the ${colorScheme} system theme`, async ({ page, expectAccessible }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await expectAccessible();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible();
    await page.getByLabel('Email address').fill('nobody@example.com');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectAccessible();
    // The password-reset pages: the confirmation, and a page opened without its link.
    await page.goto('/forgot-password');
    // Its own address: the server limits reset requests per address, across runs too.
    await page.getByLabel('Email address').fill(`nobody-${randomBytes(5).toString('hex')}@e2e.example`);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
    await expectAccessible();
    await page.goto('/reset-password');
    await expect(page.getByRole('link', { name: 'Ask for a new reset link' })).toBeVisible();
  });
}

test('the theme toggle pins a theme that survives a reload', async ({ page, isMobile }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  if (isMobile) await page.getByRole('button', { name: 'Menu' }).tap();
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The system still says light; the tokens follow the pinned theme.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
});
