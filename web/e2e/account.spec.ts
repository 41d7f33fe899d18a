import { expect, test } from './fixtures';
import { mainNav, signIn, submitSignIn } from './flows';
import { createUser } from './harness/users';

test('a customer admin signs in, sees the account, and signs out', async ({ page, expectAccessible }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp' });
  await signIn(page, user.email, user.password);

  await expect(page).toHaveTitle('Your account · Vouch');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeFocused();
  const main = page.getByRole('main');
  await expect(main).toContainText(`Signed in as ${user.email}`);
  await expect(main).toContainText('Customer administrator');
  await expect(main).toContainText('Acme Corp (customer)');
  await expect(main.getByRole('link', { name: 'Change password' })).toBeVisible();
  await expectAccessible();

  const nav = await mainNav(page);
  await expect(nav).toContainText(user.email);
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible();
  await nav.getByRole('button', { name: 'Sign out' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  const after = await mainNav(page);
  await expect(after.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(after).not.toContainText(user.email);
  await expect(after.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  // The session is over on the server too.
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(401);
});

test('a wrong password says the e-mail and password do not match', async ({ page }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp' });
  await page.goto('/sign-in');
  await submitSignIn(page, user.email, `${user.password}-not`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Sign-in failed');
  await expect(alert).toContainText("That e-mail and password don't match. Check both and try again.");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel('Email address')).toHaveValue(user.email);
});

test('the account page sends the signed-out to sign in, and back afterwards', async ({ page }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp' });
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fusers$/);
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
});

test('a ?next= that leaves the site is ignored', async ({ page }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp' });
  await page.goto('/sign-in?next=%2F%2Fevil.example%2Fphish');
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/account$/);
});

test('a supplier sees no Users link, and the users page says it is not for them', async ({ page, expectAccessible }) => {
  const user = createUser({ role: 'supplier_user', org: `Widget Supply ${Date.now()}` });
  await signIn(page, user.email, user.password);
  await expect(page.getByRole('main')).toContainText('Supplier user');

  const nav = await mainNav(page);
  await expect(nav.getByRole('link', { name: 'Account', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expectAccessible();

  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('This page is for administrators and support staff');
  await expect(page.getByRole('main')).toContainText('You are signed in as Supplier user');
  await expect(page.getByRole('searchbox')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('link', { name: 'Go to your account' })).toBeVisible();
});

test('repeated wrong passwords are slowed down, saying how long to wait', async ({ page }) => {
  const user = createUser({ role: 'customer_admin', org: 'Acme Corp' });
  await page.goto('/sign-in');
  const alert = page.getByRole('alert');
  // The server allows a few tries per account and address, then answers 429 + Retry-After.
  for (let attempt = 0; attempt < 10; attempt++) {
    const answer = page.waitForResponse((res) => res.url().endsWith('/api/v1/auth/login'));
    await submitSignIn(page, user.email, `wrong password ${attempt}`);
    if ((await answer).status() === 429) break;
  }
  await expect(alert).toContainText(/Too many attempts in a short time\. Try again in \d+ (seconds?|minutes?)\./);
});
