import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mainNav, signIn, submitSignIn } from './flows';
import { waitForMail } from './harness/mail';
import { createUser, demo, demoPassword } from './harness/users';

/**
 * Chromium's virtual authenticator (CDP): a platform authenticator with resident keys
 * and user verification that says yes at once, as a person with a fingerprint reader would.
 */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/**
 * No passkey autofill in the e-mail field: the virtual authenticator would answer the
 * waiting request at once and sign in with the passkey alone, which is not the path
 * under test here.
 */
async function withoutPasskeyAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: () => Promise.resolve(false) });
  });
}

test('support requires a passkey; the user creates one, then confirms every password sign-in with it', async ({
  page,
  newPage,
  expectAccessible,
}) => {
  const user = createUser({ role: 'supplier_user', org: `Second Factor Supply ${Date.now()}`, label: 'second-factor' });

  // Support requires a passkey of the user through the users page's dialog.
  const support = await newPage();
  await signIn(support, demo.support, demoPassword(demo.support));
  await (await mainNav(support)).getByRole('link', { name: 'Users' }).click();
  await support.getByRole('searchbox', { name: 'Search by e-mail or name' }).fill(user.email);
  await support.getByRole('button', { name: 'Search', exact: true }).click();
  const row = support.getByRole('row').filter({ hasText: user.email });
  await row.getByRole('button', { name: `Require passkey for ${user.email}` }).click();
  const dialog = support.getByRole('dialog', { name: 'Require a passkey after the password' });
  await dialog.getByLabel('Reason').fill('Approves payouts for the supplier.');
  await dialog.getByRole('radio', { name: 'Support ticket' }).check();
  await dialog.getByRole('button', { name: 'Require passkey' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Passkey required');
  await expect(row.getByRole('button', { name: `Stop requiring passkey for ${user.email}` })).toBeVisible();
  await waitForMail(user.email, { subject: 'Vouch now asks for your passkey at sign-in' });

  // The user has no passkey yet: the password leads to creating one, then in.
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  await page.goto('/sign-in');
  await submitSignIn(page, user.email, user.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Create a passkey to continue' })).toBeFocused();
  await expect(page.getByRole('main')).toContainText('requires a passkey for');
  await expectAccessible();
  // Nothing else opens meanwhile.
  const early = await page.request.get('/api/v1/me/passkeys');
  expect(early.status()).toBe(403);
  expect(((await early.json()) as { code: string }).code).toBe('passkey_setup_required');

  await page.getByRole('button', { name: 'Create a passkey and continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('main')).toContainText(`Signed in as ${user.email}`);
  const added = await waitForMail(user.email, { subject: 'A passkey was added to your Vouch account' });
  expect(added.Text).toContain('/forgot-password');

  await (await mainNav(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);

  // From now on the password alone is not enough: the passkey finishes the sign-in.
  await page.goto('/sign-in?next=%2Faccount');
  await submitSignIn(page, user.email, user.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm it’s you with your passkey' })).toBeFocused();
  await expect(page.getByRole('link', { name: 'Lost your passkey?' })).toHaveAttribute('href', '/recover');
  await expectAccessible();
  // A reload resumes the step instead of showing a half-signed-in account.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm it’s you with your passkey' })).toBeVisible();
  await page.getByRole('button', { name: 'Use my passkey' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('main')).toContainText(`Signed in as ${user.email}`);
  const passkeys = await page.request.get('/api/v1/me/passkeys');
  expect(passkeys.status()).toBe(200);
});

test("a customer admin requires a passkey for the whole organization", async ({ page, newPage, expectAccessible }) => {
  const org = `Policy Corp ${Date.now()}`;
  const admin = createUser({ role: 'customer_admin', org, label: 'policy-admin' });
  const member = createUser({ role: 'customer_admin', org, label: 'policy-member' });

  const adminPage = await newPage();
  await signIn(adminPage, admin.email, admin.password);
  await (await mainNav(adminPage)).getByRole('link', { name: 'Security' }).click();
  await expect(adminPage.getByRole('heading', { level: 1, name: 'Security policy' })).toBeFocused();
  const toggle = adminPage.getByRole('switch', { name: `Require a passkey after the password for everyone in ${org}` });
  await expect(toggle).not.toBeChecked();
  await expectAccessible(adminPage);
  await toggle.check();
  await adminPage.getByLabel('Reason').fill('Payout fraud attempts last quarter.');
  await adminPage.getByRole('button', { name: 'Save' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'must now confirm' })).toContainText(
    `Everyone in ${org} must now confirm sign-ins with a passkey`,
  );
  await waitForMail(member.email, { subject: 'Vouch now asks for your passkey at sign-in' });

  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  await page.goto('/sign-in');
  await submitSignIn(page, member.email, member.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Create a passkey to continue' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`${org} requires a passkey for ${member.email}`);
  await page.getByRole('button', { name: 'Create a passkey and continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
});
