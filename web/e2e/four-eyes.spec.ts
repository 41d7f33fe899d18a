import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { findUserRow, mainNav, signIn } from './flows';
import { createUser } from './harness/users';

/** Opens Approvals from the main navigation and returns the queue's request naming email. */
async function openApprovals(page: Page, email: string) {
  await (await mainNav(page)).getByRole('link', { name: 'Approvals' }).click();
  await expect(page).toHaveURL(/\/admin\/approvals$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
  // Other tests (the other project's run of this one) may have requests waiting too.
  return page.getByRole('list', { name: 'Waiting requests' }).getByRole('listitem').filter({ hasText: email });
}

test("removing an admin's passkeys waits for a second staff member, who approves it in the queue", async ({
  page,
  newPage,
  expectAccessible,
}) => {
  // The target needs no passkey: the request is filed for any admin, and approving removes
  // whatever they have (none here).
  const org = `Four Eyes Corp ${randomBytes(4).toString('hex')}`;
  const target = createUser({ role: 'customer_admin', org, label: 'four-eyes-target' });
  const requester = createUser({ role: 'support', label: 'four-eyes-a' });
  const approver = createUser({ role: 'support', label: 'four-eyes-b' });

  // Support A asks for the removal, with a reason and how the request was checked.
  await signIn(page, requester.email, requester.password);
  const row = await findUserRow(page, target.email);
  await row.getByRole('button', { name: `Remove passkeys for ${target.email}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove every passkey' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Reason').fill('Lost their phone with both passkeys on it.');
  await dialog.getByRole('radio', { name: 'Call-back to a number on file' }).check();
  await dialog.getByRole('button', { name: 'Remove passkeys' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'waits for' })).toHaveText(
    `Removing the passkeys of ${target.email} now waits for a second staff member's approval.`,
  );

  // Their own request is in the queue, but only someone else may approve it.
  const own = await openApprovals(page, target.email);
  await expect(own).toContainText(`Remove every passkey of ${target.email}`);
  await expect(own).toContainText('Lost their phone with both passkeys on it.');
  await expect(own).toContainText('You asked for this, so another member of platform staff must approve it.');
  await expect(own.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
  await expect(own.getByRole('button', { name: `Cancel request: Remove every passkey of ${target.email}` })).toBeVisible();
  // Support A's page stays here: pageGuards runs axe on it, with their own request, at the end.

  // Support B, in a browser of their own, approves it.
  const second = await newPage();
  await signIn(second, approver.email, approver.password);
  const request = await openApprovals(second, target.email);
  await expect(request).toContainText(requester.email);
  await request.getByRole('button', { name: `Approve: Remove every passkey of ${target.email}` }).click();
  await request
    .getByRole('group', { name: `Approve: Remove every passkey of ${target.email}?` })
    .getByRole('button', { name: 'Approve and remove passkeys' })
    .click();
  const main = second.getByRole('main');
  await expect(main).toContainText('Request approved');
  await expect(main).toContainText(
    `Every passkey of ${target.email} is removed. The requester and the user are told by e-mail.`,
  );
  await expect(request).toHaveCount(0);
  await expectAccessible(second);
});
