import { randomBytes } from 'node:crypto';
import { expect, test } from './fixtures';
import { findUserRow, mainNav, signIn, submitSignIn } from './flows';
import { createUser } from './harness/users';

/** What the UI says for ip_not_allowed (src/api/messages.ts). */
const notAllowed = "Signing in from this network isn't allowed for your account. Connect from an approved network, or ask your administrator.";

// TEST-NET-1 (RFC 5737): never a test client's address, which fixtures.ts draws from 198.18.0.0/15.
const elsewhere = '192.0.2.0/24';

test('IP rule denial shown to the user', async ({ page, newPage, extraHTTPHeaders, expectAccessible }) => {
  const org = `IP Rules Corp ${randomBytes(4).toString('hex')}`;
  const admin = createUser({ role: 'customer_admin', org, label: 'ip-admin' });
  const target = createUser({ role: 'customer_admin', org, label: 'ip-target' });

  // The target is signed in already, in a browser of their own.
  const targetPage = await newPage();
  await signIn(targetPage, target.email, target.password);

  // The admin reaches the target's rules from the users page.
  await signIn(page, admin.email, admin.password);
  const row = await findUserRow(page, target.email);
  await row.getByRole('link', { name: `IP rules for ${target.email}` }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[^/]+\/ip-rules$/);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: `IP rules for ${target.email}` })).toBeVisible();
  await expect(main).toContainText(`Your address, as Vouch sees it: ${extraHTTPHeaders?.['X-Forwarded-For'] ?? '?'}`);
  await expect(main).toContainText('Every address is allowed.');

  // Only a network the target is not on: from now on they are refused.
  await main.getByLabel('Address or range (CIDR)').fill(elsewhere);
  await main.getByLabel('Note (optional)').fill('Documentation network only');
  await main.getByRole('button', { name: 'Add rule' }).click();
  await expect(main.getByText(`${elsewhere} allowed`, { exact: true })).toBeVisible();
  const rules = main.getByRole('list', { name: 'Rules' });
  await expect(rules.getByRole('listitem')).toHaveCount(1);
  await expect(rules).toContainText(elsewhere);
  await expect(rules).toContainText('Documentation network only');
  // The admin's page stays as it is now: pageGuards runs axe on it, with the new rule,
  // at the end (one axe run less: this test is long for a busy 2-core machine).

  // Their open session is refused on the next page they load.
  await targetPage.reload();
  await expect(targetPage.getByRole('main')).toContainText(notAllowed);

  // Signing in again is refused in plain words (the server checks the rules before it
  // looks at any session, so this browser's old cookie changes nothing).
  await targetPage.goto('/sign-in');
  await submitSignIn(targetPage, target.email, target.password);
  const alert = targetPage.getByRole('alert');
  await expect(alert).toContainText('Sign-in failed');
  await expect(alert).toContainText(notAllowed);
  await expect(targetPage).toHaveURL(/\/sign-in$/);
  await expectAccessible(targetPage);
});

test('a platform admin opens the site-wide IP rules and sees their own address', async ({ page, extraHTTPHeaders }) => {
  // No rule is added here: a site-wide rule would refuse every test running beside this one.
  const ops = createUser({ role: 'platform_admin', label: 'ip-ops' });
  await signIn(page, ops.email, ops.password);
  await (await mainNav(page)).getByRole('link', { name: 'IP rules' }).click();
  await expect(page).toHaveURL(/\/admin\/ip-rules$/);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: 'IP rules' })).toBeVisible();
  await expect(main).toContainText(`Your address, as Vouch sees it: ${extraHTTPHeaders?.['X-Forwarded-For'] ?? '?'}`);
  await expect(main.getByRole('heading', { level: 2, name: 'Site-wide allowed networks' })).toBeVisible();
  await expect(main.getByRole('form', { name: 'Add a rule' })).toBeVisible();
  // pageGuards runs axe on this page, where the test ends.
});
