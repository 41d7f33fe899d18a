import { expect, test } from './fixtures';

test('the landing page shows what Vouch does and the way in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Vouch/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const main = page.getByRole('main');
  for (const text of ['Suppliers', 'Customer admins', 'Support staff', 'Instant bank verification', 'KYC and screening', 'Passkeys', 'High-risk payment alerts']) {
    await expect(main.getByRole('heading', { name: text, exact: true })).toBeVisible();
  }
  await expect(main.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Vouch' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
});

test('Tab reaches the skip link first, then the header', async ({ page, isMobile }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();

  await page.keyboard.press('Tab');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Vouch' })).toBeFocused();
  await page.keyboard.press('Tab');
  // Phones reach the menu button; wider screens the navigation itself.
  if (isMobile) await expect(page.getByRole('button', { name: 'Menu' })).toBeFocused();
  else await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' })).toBeFocused();
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await expect(page).toHaveURL(/\/$/);
});
