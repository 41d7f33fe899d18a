/**
 * Steps the specs share: signing in through the form and reaching the header's controls,
 * which sit behind the menu button on phones.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens the phone menu when there is one; the navigation is always shown on wider screens. */
export async function openMenu(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) {
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
  }
}

/** The main navigation, opened first on phones. */
export async function mainNav(page: Page) {
  await openMenu(page);
  return page.getByRole('navigation', { name: 'Main' });
}

/** Fills and sends the sign-in form (the page must be on /sign-in). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in from /sign-in and waits for the page the server's `next` leads to. */
export async function signIn(page: Page, email: string, password: string, landing: RegExp = /\/account$/): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(landing);
}

/**
 * Opens Users from the main navigation, searches for one e-mail and returns its row:
 * the way staff reach a user before acting on them.
 */
export async function findUserRow(page: Page, email: string) {
  await (await mainNav(page)).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeFocused();
  await page.getByRole('searchbox', { name: 'Search by e-mail or name' }).fill(email);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText(`1 user matching “${email}”.`)).toBeVisible();
  return page.getByRole('row').filter({ hasText: email });
}
