import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mainNav, signIn, submitSignIn } from './flows';
import { mailTo, resetLinkFor, resetSubject } from './harness/mail';
import { createUser, demo, demoPassword, strongPassword } from './harness/users';

/** Support signs in, opens Users and finds one user's row. */
async function supportFinds(support: Page, email: string) {
  await signIn(support, demo.support, demoPassword(demo.support));
  await (await mainNav(support)).getByRole('link', { name: 'Users' }).click();
  await support.getByRole('searchbox', { name: 'Search by e-mail or name' }).fill(email);
  await support.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(support.getByText(`1 user matching “${email}”.`)).toBeVisible();
  return support.getByRole('row').filter({ hasText: email });
}

test('a forgotten password is reset by an e-mailed link, which works once', async ({ page, expectAccessible }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp', label: 'forgot' });

  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeFocused();
  // The address typed on the sign-in page came along (in history state, not the URL).
  await expect(page.getByLabel('Email address')).toHaveValue(user.email);
  await expectAccessible();

  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeFocused();
  const main = page.getByRole('main');
  await expect(main).toContainText(`If ${user.email} belongs to a Vouch account, we have sent a link`);
  await expect(main).toContainText('The link works once, for 30 minutes.');
  await expect(main).toContainText('check your spam or junk folder');
  await expectAccessible();

  const { link, token, mail } = await resetLinkFor(user.email);
  expect(mail.Text).toContain('expires in 30 minutes');
  expect(link.origin).toBe(new URL(page.url()).origin);

  // The page takes the token out of the address bar as soon as it has read it.
  await page.goto(link.href);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await expect(page).toHaveURL(/\/reset-password$/);
  expect(await page.evaluate(() => window.location.href)).not.toContain(token);
  await expectAccessible();

  // A common password is refused with the reason next to the field; the link still works.
  const next = page.getByLabel('New password', { exact: true });
  const confirm = page.getByLabel('Confirm new password');
  await next.fill('password1234');
  await confirm.fill('password1234');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toContainText('Your new password was not accepted.');
  await expect(next).toHaveAttribute('aria-invalid', 'true');
  await expect(next).toBeFocused();
  await expect(page.locator('.field__error')).toHaveText(/common|guess/i);
  await expectAccessible();

  const chosen = strongPassword();
  await next.fill(chosen);
  await confirm.fill(chosen);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('status')).toHaveText('Your password was changed. Sign in with the new one.');
  await expectAccessible();

  // The new password signs in.
  await submitSignIn(page, user.email, chosen);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('main')).toContainText(`Signed in as ${user.email}`);

  // The same link a second time: it was used, so it says to ask for a new one.
  await page.goto(link.href);
  const again = strongPassword();
  await next.fill(again);
  await confirm.fill(again);
  await page.getByRole('button', { name: 'Set new password' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("This reset link can't be used");
  await expect(alert).toContainText('expired, was already used, or the password was changed since it was sent');
  const askAgain = page.getByRole('link', { name: 'Ask for a new reset link' });
  await expect(askAgain).toBeFocused();
  await expectAccessible();
  await askAgain.click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});

test('support e-mails a user a reset link without ever seeing it', async ({ page, newPage, expectAccessible }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp', label: 'support-link' });
  const support = await newPage();
  // Everything the support page receives, to show that the token is in none of it.
  const received: Promise<string>[] = [];
  support.on('response', (res) => received.push(res.text().catch(() => '')));

  const row = await supportFinds(support, user.email);
  const open = row.getByRole('button', { name: `Send reset link for ${user.email}` });
  await open.click();
  const dialog = support.getByRole('dialog', { name: 'Send a password reset link' });
  await expect(dialog).toContainText(`Vouch e-mails ${user.email} a link to choose a new password.`);
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await expectAccessible(support);
  await dialog.getByLabel('Reason').fill('The user called: forgot the password and is locked out of month-end work.');
  await dialog.getByRole('radio', { name: 'Call-back to a number on file' }).check();
  await dialog.getByLabel('Verification note (optional)').fill('Called back on the number on file');
  const sent = support.waitForResponse((res) => res.url().endsWith('/reset-link'));
  await dialog.getByRole('button', { name: 'Send reset link' }).click();
  expect((await sent).status()).toBe(202);

  await expect(dialog).toBeHidden();
  await expect(support.getByRole('status').filter({ hasText: 'reset link' })).toHaveText(`A reset link was e-mailed to ${user.email}.`);
  await expect(open).toBeFocused();
  await expect(row).not.toContainText('Reset required');
  await expectAccessible(support);

  // The user receives it, and it works.
  const { link, token } = await resetLinkFor(user.email);
  expect(await support.content()).not.toContain(token);
  expect(support.url()).not.toContain(token);
  for (const body of await Promise.all(received)) expect(body).not.toContain(token);

  await page.goto(link.href);
  const chosen = strongPassword();
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('Confirm new password').fill(chosen);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password was changed. Sign in with the new one.');
  await submitSignIn(page, user.email, chosen);
  await expect(page).toHaveURL(/\/account$/);
  // One reset e-mail, the one support sent.
  expect((await mailTo(user.email)).filter((m) => m.Subject === resetSubject)).toHaveLength(1);
});

test('support signs a user out everywhere; their next page asks them to sign in', async ({ page, newPage, expectAccessible }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp', label: 'signed-out' });
  await signIn(page, user.email, user.password);
  await expect(page.getByRole('main')).toContainText(`Signed in as ${user.email}`);

  const support = await newPage();
  const row = await supportFinds(support, user.email);
  await row.getByRole('button', { name: `Sign out everywhere for ${user.email}` }).click();
  const dialog = support.getByRole('dialog', { name: 'Sign the user out everywhere' });
  await expect(dialog).toContainText(`${user.email} is signed out of Vouch now, in every browser and on every device.`);
  await expectAccessible(support);
  await dialog.getByLabel('Reason').fill('Laptop reported stolen; ticket T-5512.');
  await dialog.getByRole('radio', { name: 'Support ticket' }).check();
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(dialog).toBeHidden();
  await expect(support.getByRole('status').filter({ hasText: 'signed out' })).toHaveText(`${user.email} was signed out on every device.`);
  await expectAccessible(support);

  // The user, still on a page that loaded while signed in, moves on within the app.
  await (await mainNav(page)).getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/$/);
  await (await mainNav(page)).getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);

  // Their password still works.
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/account$/);
});
