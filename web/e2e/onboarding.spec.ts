import { randomBytes, randomInt } from 'node:crypto';
import { expect, test } from './fixtures';
import { mainNav, signIn } from './flows';
import { linkIn, waitForMail } from './harness/mail';
import { createUser, strongPassword } from './harness/users';

/** A small, valid one-page PDF: enough for the server's content sniffing. */
function w9Pdf(): Buffer {
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(body.length);
    body += `${o}\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A well-formed EIN of its own (prefix 12), so no other run's supplier shares it (a duplicate check would ask for review). */
function uniqueEin(): string {
  // Endings 0000 and 1111 make the sandbox TIN matcher fail or ask for review.
  return `12-${String(randomInt(2_000_000, 9_999_999))}`;
}

test('a customer invites a supplier, who enrolls, onboards and is approved', async ({ page, newPage, expectAccessible }) => {
  test.setTimeout(180_000);
  const tag = randomBytes(3).toString('hex');
  const customerName = `Onboarding Customer ${tag}`;
  const admin = createUser({ role: 'customer_admin', org: customerName, label: 'onboarding-admin' });
  const supplierEmail = `e2e-onboarding-supplier-${randomBytes(5).toString('hex')}@e2e.example`;
  const supplierName = `Widget Works ${tag} Inc`;

  // The customer admin invites the supplier from Suppliers.
  await signIn(page, admin.email, admin.password);
  await (await mainNav(page)).getByRole('link', { name: 'Suppliers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Suppliers' })).toBeFocused();
  await expect(page.getByText('You have not invited any suppliers yet.')).toBeVisible();
  await expectAccessible();
  await page.getByLabel('E-mail address').fill(supplierEmail);
  await page.getByLabel(/^Supplier name/).fill(supplierName);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const sent = page.getByRole('region', { name: `Invitation sent to ${supplierEmail}` });
  await expect(sent).toBeVisible();
  await expect(sent.getByLabel('Enrollment link')).toHaveValue(/\/enroll\?token=/);
  const invitations = page.getByRole('list', { name: 'Invitations' });
  await expect(invitations).toContainText(supplierEmail);
  await expect(invitations).toContainText('Pending');
  await expectAccessible();

  // The supplier opens the link from the e-mail and enrolls.
  const mail = await waitForMail(supplierEmail);
  const link = linkIn(mail.Text, '/enroll');
  const supplier = await newPage();
  await supplier.goto(link.href);
  await expect(supplier.getByRole('heading', { level: 1, name: 'Join Vouch' })).toBeVisible();
  const main = supplier.getByRole('main');
  await expect(main).toContainText(`${customerName} invites ${supplierName} to Vouch`);
  expect(await supplier.evaluate(() => window.location.href)).not.toContain('token=');
  await expect(supplier.getByLabel('Your e-mail address')).toHaveValue(supplierEmail);
  await expect(supplier.getByLabel(/^Business legal name/)).toHaveValue(supplierName);
  await expectAccessible(supplier);
  const password = strongPassword();
  await supplier.getByLabel('Your name').fill('Sam Supplier');
  await supplier.getByLabel(/^Choose a password/).fill(password);
  await supplier.getByLabel('Confirm the password').fill(password);
  await supplier.getByRole('button', { name: 'Create account and continue' }).click();

  // The onboarding wizard, with the passkey nudge.
  await expect(supplier).toHaveURL(/\/onboarding$/);
  await expect(supplier.getByRole('heading', { level: 1, name: 'Onboarding' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Add a passkey on your account page' })).toHaveAttribute('href', '/account#passkeys');
  await expect(main).toContainText('Bank account: coming next.');
  const steps = supplier.getByRole('navigation', { name: 'Onboarding steps' });
  await expect(steps.getByRole('button', { name: 'Business' })).toHaveAttribute('aria-current', 'step');
  await expect(main).toContainText('Step 1 of 5: Business');
  await expectAccessible(supplier);

  // Business.
  await expect(supplier.getByLabel(/^Legal name/)).toHaveValue(supplierName);
  await supplier.getByLabel('Entity type').selectOption('corporation');
  await supplier.getByLabel(/^Address line 1/).fill('1 main street');
  await supplier.getByLabel(/^City/).fill('Springfield');
  await supplier.getByLabel(/^State or region/).fill('illinois');
  await supplier.getByLabel(/^ZIP or postal code/).fill('62701');
  await supplier.getByLabel(/^Country/).fill('US');
  await supplier.getByRole('button', { name: 'Save and continue' }).click();
  const saved = main.locator('.alert').filter({ hasText: 'Business: saved' });
  await expect(saved).toContainText('We standardised your address');
  await expect(saved).toContainText('1 main street → 1 MAIN ST');
  await expect(saved).toContainText('illinois → IL');
  await expect(supplier.getByRole('heading', { level: 2, name: 'Tax' })).toBeFocused();
  await expectAccessible(supplier);

  // Tax: a bad TIN is refused at the field, then a valid one is taken.
  await supplier.getByLabel('TIN type').selectOption('ein');
  const tin = supplier.getByLabel(/^Taxpayer identification number/);
  await tin.fill('123-45-6789');
  await supplier.getByRole('button', { name: 'Save and continue' }).click();
  await expect(tin).toHaveAttribute('aria-invalid', 'true');
  await expect(tin).toBeFocused();
  await expect(tin).toHaveAccessibleDescription(/written like an SSN/);
  await expectAccessible(supplier);
  const ein = uniqueEin();
  await tin.fill(ein);
  await supplier.getByRole('button', { name: 'Save and continue' }).click();

  // Contacts.
  await expect(supplier.getByRole('heading', { level: 2, name: 'Contacts' })).toBeFocused();
  await supplier.getByRole('button', { name: 'Add a contact' }).click();
  const contact = supplier.getByRole('group', { name: 'Contact 1' });
  await contact.getByLabel(/^Name/).fill('Sam Supplier');
  await contact.getByLabel(/^Role/).fill('Accounts receivable');
  await contact.getByLabel(/^E-mail/).fill(supplierEmail);
  await supplier.getByRole('button', { name: 'Save and continue' }).click();

  // Documents: a W-9.
  await expect(supplier.getByRole('heading', { level: 2, name: 'Documents' })).toBeFocused();
  await expect(supplier.getByLabel('Document type')).toHaveValue('w9');
  await supplier.getByLabel('File', { exact: true }).setInputFiles({ name: 'w9.pdf', mimeType: 'application/pdf', buffer: w9Pdf() });
  await supplier.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(main).toContainText('W-9 uploaded: w9.pdf');
  await expect(supplier.getByRole('list', { name: 'Your documents' })).toContainText('W-9: w9.pdf');
  await expectAccessible(supplier);
  await supplier.getByRole('button', { name: 'Continue' }).click();

  // Review & submit.
  await expect(supplier.getByRole('heading', { level: 2, name: 'Review & submit' })).toBeFocused();
  await expect(main).toContainText(`EIN •••• ${ein.slice(-4)}`);
  await expect(main).not.toContainText(ein);
  await supplier.getByRole('button', { name: 'Submit for review' }).click();
  const status = supplier.getByRole('region', { name: 'Your review status' });
  await expect(status).toContainText(`${customerName}: In review`);
  await expect(status.getByRole('list', { name: 'Checks' })).toContainText('Sanctions screening');
  await expectAccessible(supplier);

  // The admin finds the supplier in the review queue and approves it.
  await (await mainNav(page)).getByRole('link', { name: 'Reviews' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reviews' })).toBeFocused();
  const tabs = page.getByRole('navigation', { name: 'Review status' });
  await expect(tabs.getByRole('link', { name: /In review \(1\)/ })).toBeVisible();
  await expectAccessible();
  await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('link', { name: supplierName }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Review: ${supplierName}` })).toBeVisible();
  const review = page.getByRole('main');
  await expect(review).toContainText(`EIN •••• ${ein.slice(-4)}`);
  await expect(review).toContainText('1 MAIN ST');
  const checks = page.getByRole('list', { name: 'Checks' });
  await expect(checks).toContainText('TIN and name match (IRS)');
  await expect(checks).toContainText('A W-9 is on file.');
  await expect(page.getByRole('link', { name: 'Download W-9: w9.pdf' })).toBeVisible();
  await expectAccessible();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByLabel(/^Reason/)).toHaveAccessibleDescription(/Give a reason before you approve/);
  await page.getByLabel(/^Reason/).fill('W-9 and TIN match; sanctions clear.');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(review.locator('.alert').filter({ hasText: 'Supplier approved' })).toContainText('is now “Approved”');
  await expectAccessible();

  // The supplier reloads and sees the decision.
  await supplier.reload();
  await expect(supplier.getByRole('region', { name: 'Your review status' })).toContainText(`${customerName}: Approved`);
  await expect(supplier.getByRole('region', { name: 'Your review status' })).toContainText('W-9 and TIN match; sanctions clear.');
  await expectAccessible(supplier);
});
