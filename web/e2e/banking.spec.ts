import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mainNav, signIn } from './flows';
import { webDir } from './harness/binary';
import { linkIn, mailTo, waitForMail } from './harness/mail';
import type { ServerEnv } from './harness/server';
import { createUser, strongPassword } from './harness/users';
import { confirmByEmail, stepUpCodeFor, stepUpDialog } from './stepUp';

/** The Federal Reserve's routing-number directory, read in place (never copied). */
const fedachFile = resolve(webDir, '../../shared/data/fedach/FedACHdir.txt');
const chase = '021000021';

/** The operator's bank values `vouch microdeposits export` needs. */
const achEnv = { VOUCH_ACH_ODFI: chase, VOUCH_ACH_COMPANY_NAME: 'VOUCH', VOUCH_ACH_COMPANY_ID: '1123456789' };

/** The server's env, as global-setup.ts handed it to the workers. */
function serverEnv(): ServerEnv {
  const env = process.env.VOUCH_E2E_SERVER_ENV;
  if (!env) throw new Error('VOUCH_E2E_SERVER_ENV is unset: run the specs through `npm run e2e` (global-setup.ts)');
  return JSON.parse(env) as ServerEnv;
}

/** Runs a vouch command against the running server's database and kv; returns its stdout. */
function vouch(args: string[], extra: Record<string, string> = {}): string {
  const bin = process.env.VOUCH_E2E_BIN;
  if (!bin) throw new Error('VOUCH_E2E_BIN is unset: run the specs through `npm run e2e` (global-setup.ts)');
  const result = spawnSync(bin, args, { env: { ...process.env, ...serverEnv(), ...extra }, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    const why = result.error?.message ?? `exit ${String(result.status ?? result.signal)}`;
    throw new Error(`vouch ${args.join(' ')} failed (${why}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/**
 * The amounts, in cents, of the micro-deposits to accountNumber in a NACHA file: entry
 * detail records (type 6) carry the DFI account number in columns 13–29 and the amount in
 * columns 30–39. Records are 94 characters, with or without line breaks between them.
 */
function depositsIn(ach: string, accountNumber: string): number[] {
  const records = ach.replace(/\r?\n/g, '').match(/.{94}/g) ?? [];
  return records.filter((r) => r.startsWith('6') && r.slice(12, 29).trim() === accountNumber).map((r) => Number(r.slice(29, 39)));
}

/**
 * Runs `vouch microdeposits export` as the operator would and returns the two amounts
 * sent to accountNumber. Each export leaves out what an earlier one took, and the phone
 * and desktop tests may export at the same time, so every file goes into one directory of
 * this run (in the server's data directory, removed after the run) and all of them are
 * read: the one that took this account's deposits is written before they are marked.
 */
function exportDepositsFor(accountNumber: string): number[] {
  const dir = join(serverEnv().VOUCH_DATA_DIR ?? '', 'e2e-ach');
  mkdirSync(dir, { recursive: true });
  vouch(['microdeposits', 'export', '--out', join(dir, `deposits-${randomBytes(4).toString('hex')}.ach`)], achEnv);
  const amounts = readdirSync(dir)
    .filter((name) => name.endsWith('.ach'))
    .flatMap((name) => depositsIn(readFileSync(join(dir, name), 'latin1'), accountNumber));
  expect(amounts, `micro-deposits to the account ending ${accountNumber.slice(-4)}`).toHaveLength(2);
  return amounts;
}

/** A well-formed EIN of its own (prefix 12; endings 0000 and 1111 make the sandbox TIN matcher object). */
function uniqueEin(): string {
  return `12-${String(randomInt(2_000_000, 9_999_999))}`;
}

/** An account number of its own ending in last4: the sandbox bank answers by the last four digits. */
function accountEnding(last4: string): string {
  return `${String(randomInt(10_000_000, 100_000_000))}${last4}`;
}

/** Fills "Add a bank account" (the routing number's lookup already shown) and sends it. */
async function addAccount(page: Page, number: string, holder: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel('Routing number').fill(chase);
  await expect(main.getByText(/^Bank: JPMORGAN CHASE/)).toBeVisible();
  await main.getByLabel('Account number', { exact: true }).fill(number);
  await main.getByLabel('Account number again').fill(number);
  await main.getByRole('radio', { name: 'Checking' }).check();
  await main.getByLabel('Name on the account').fill(holder);
  await main.getByRole('button', { name: 'Add bank account' }).click();
}

/** One of the supplier's accounts in "Your bank accounts", by its last four digits. */
function accountItem(page: Page, last4: string) {
  return page
    .getByRole('list', { name: 'Your bank accounts' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: `Checking account ending ${last4}` }) });
}

test.beforeAll(() => {
  // The bank's name appears only with the directory loaded; a second import says "unchanged".
  vouch(['fedach', 'import', '--file', fedachFile]);
});

test('a supplier adds bank accounts: verified at once, closed for cause (alerting its customer live), and by micro-deposits with a review', async ({
  page,
  newPage,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  const tag = randomBytes(3).toString('hex');
  const customerName = `Banking Customer ${tag}`;
  const admin = createUser({ role: 'customer_admin', org: customerName, label: 'banking-admin' });
  const supplierEmail = `e2e-banking-supplier-${randomBytes(5).toString('hex')}@e2e.example`;
  const supplierName = `Ledger Lane ${tag} LLC`;

  // The customer admin invites the supplier.
  await signIn(page, admin.email, admin.password);
  await (await mainNav(page)).getByRole('link', { name: 'Suppliers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Suppliers' })).toBeFocused();
  await page.getByLabel('E-mail address').fill(supplierEmail);
  await page.getByLabel(/^Supplier name/).fill(supplierName);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('region', { name: `Invitation sent to ${supplierEmail}` })).toBeVisible();

  // The supplier enrolls from the e-mailed link, fills in the business and its EIN, and submits.
  const supplier = await newPage();
  await supplier.goto(linkIn((await waitForMail(supplierEmail)).Text, '/enroll').href);
  await expect(supplier.getByRole('heading', { level: 1, name: 'Join Vouch' })).toBeVisible();
  const password = strongPassword();
  await supplier.getByLabel('Your name').fill('Lee Ledger');
  await supplier.getByLabel(/^Choose a password/).fill(password);
  await supplier.getByLabel('Confirm the password').fill(password);
  await supplier.getByRole('button', { name: 'Create account and continue' }).click();
  await expect(supplier).toHaveURL(/\/onboarding$/);
  await expect(supplier.getByLabel(/^Legal name/)).toHaveValue(supplierName);
  await supplier.getByLabel('Entity type').selectOption('llc');
  await supplier.getByLabel(/^Address line 1/).fill('12 Harbor Road');
  await supplier.getByLabel(/^City/).fill('Portland');
  await supplier.getByLabel(/^State or region/).fill('OR');
  await supplier.getByLabel(/^ZIP or postal code/).fill('97201');
  await supplier.getByLabel(/^Country/).fill('US');
  await supplier.getByRole('button', { name: 'Save and continue' }).click();
  await expect(supplier.getByRole('heading', { level: 2, name: 'Tax' })).toBeFocused();
  await supplier.getByLabel('TIN type').selectOption('ein');
  await supplier.getByLabel(/^Taxpayer identification number/).fill(uniqueEin());
  await supplier.getByRole('button', { name: 'Save and continue' }).click();
  await expect(supplier.getByRole('heading', { level: 2, name: 'Contacts' })).toBeFocused();
  await supplier.getByRole('navigation', { name: 'Onboarding steps' }).getByRole('button', { name: /^Review & submit/ }).click();
  await supplier.getByRole('button', { name: 'Submit for review' }).click();
  await expect(supplier.getByRole('region', { name: 'Your review status' })).toContainText(`${customerName}: In review`);

  // The customer admin keeps Alerts open, live.
  await (await mainNav(page)).getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk alerts' })).toBeVisible();
  await expect(page.getByText('Live: new alerts appear here as they are raised.')).toBeVisible();
  await expect(page.getByText('No open alerts. All clear.')).toBeVisible();

  // The first account: the bank is named as the routing number is typed, and the sandbox
  // bank reports it open in the supplier's name, so it is verified at once.
  await (await mainNav(supplier)).getByRole('link', { name: 'Bank accounts' }).click();
  await expect(supplier.getByRole('heading', { level: 1, name: 'Bank accounts' })).toBeVisible();
  const main = supplier.getByRole('main');
  await expect(main).toContainText('You have no bank account on Vouch yet.');
  await main.getByLabel('Routing number').pressSequentially(chase);
  await expect(main.getByText(/^Bank: JPMORGAN CHASE/)).toBeVisible();
  await expectAccessible(supplier);
  await addAccount(supplier, accountEnding('5678'), supplierName);
  const verified = main.getByRole('region', { name: 'Bank account verified' });
  await expect(verified.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(verified).toContainText('The bank confirmed the Checking account ending 5678 at JPMORGAN CHASE is open and in your name.');
  await expect(accountItem(supplier, '5678')).toContainText('Verified');
  await expectAccessible(supplier);

  // The second account is a guarded change: the supplier confirms by an e-mailed code.
  // The bank closed it for cause: the page says so, and the customer is alerted live.
  await addAccount(supplier, accountEnding('2222'), supplierName);
  await expect(stepUpDialog(supplier)).toBeVisible();
  await confirmByEmail(supplier, supplierEmail);
  const refused = main.getByRole('region', { name: 'This bank account cannot be used' });
  await expect(refused).toContainText(
    'The bank closed the Checking account ending 2222 for cause. Vouch will not send payments to it, and your customers have been alerted.',
  );
  await expect(accountItem(supplier, '2222')).toContainText('Cannot be used');
  await expectAccessible(supplier);

  const alerts = page.getByRole('list', { name: 'Open alerts' });
  const alert = alerts.getByRole('listitem').filter({ hasText: supplierName });
  await expect(alert.getByRole('heading', { level: 3 })).toHaveText(`Bank account closed for cause: ${supplierName}`);
  await expect(alert).toContainText('High risk');
  await expect(alert).toContainText('The bank closed the account ending 2222 for cause.');
  // Only the stream announces an alert: it came live, not from a reload.
  await expect(page.getByRole('status').filter({ hasText: 'New high risk alert' })).toHaveText(
    `New high risk alert: Bank account closed for cause, ${supplierName}. The bank closed the account ending 2222 for cause.`,
  );
  await expect(page.getByText('1 open alert.')).toBeVisible();
  await expectAccessible();

  // The third account's bank never answers: two micro-deposits instead. The step-up of a
  // moment ago still holds; should it not, the supplier confirms again.
  const slowNumber = accountEnding('9999');
  await addAccount(supplier, slowNumber, supplierName);
  const pending = main.getByRole('region', { name: 'Added: confirm two small deposits' });
  await expect(pending.or(stepUpDialog(supplier))).toBeVisible();
  if (await stepUpDialog(supplier).isVisible()) {
    const seen = (await mailTo(supplierEmail)).map((m) => m.ID);
    const dialog = stepUpDialog(supplier);
    await dialog.getByRole('button', { name: 'E-mail me a code' }).click();
    await dialog.getByLabel('6-digit code').fill((await stepUpCodeFor(supplierEmail, seen)).code);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
  }
  await expect(pending).toContainText('we send two deposits of less than $1 each to the Checking account ending 9999');
  const slow = accountItem(supplier, '9999');
  await expect(slow).toContainText('Waiting for deposit amounts');
  await expect(slow).toContainText('3 attempts left.');
  await expectAccessible(supplier);

  // The operator sends the deposits; the supplier reads them off the statement.
  const [first, second] = exportDepositsFor(slowNumber);
  const deposits = slow.getByRole('form', { name: 'Deposit amounts for the Checking account ending 9999' });
  await deposits.getByLabel('First deposit, in cents').fill(String(first));
  await deposits.getByLabel('Second deposit, in cents').fill(String(second));
  await deposits.getByRole('button', { name: 'Confirm deposits' }).click();
  const confirmed = main.locator('.alert').filter({ hasText: 'Deposits confirmed' });
  await expect(confirmed).toContainText(
    "The amounts match. A customer's administrator will now confirm the owner of the Checking account ending 9999 before payments are sent to it.",
  );
  await expect(deposits).toBeHidden();
  await expect(slow).toContainText('In review');

  // The customer admin reaches the supplier's review from the alert and approves the account.
  await alert.getByRole('link', { name: supplierName }).click();
  await expect(page).toHaveURL(/\/reviews\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: `Review: ${supplierName}` })).toBeVisible();
  const accounts = page.getByRole('list', { name: 'The supplier’s bank accounts' });
  const inReview = accounts
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Checking account ending 9999' }) });
  await expect(inReview).toContainText('In review');
  await expect(inReview).toContainText('You confirmed the two deposits, so you control this account.');
  await expect(accounts.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Checking account ending 2222' }) })).toContainText(
    'Cannot be used',
  );
  await expectAccessible();
  await inReview.getByRole('group', { name: 'Decide on the Checking account ending 9999' }).getByRole('button', { name: 'Approve' }).click();
  const decision = inReview.getByRole('form', { name: 'Approve account: Checking account ending 9999' });
  await expect(decision.getByLabel(/^Reason/)).toBeFocused();
  await decision.getByLabel(/^Reason/).fill('Called the supplier on the number on file; the bank letter matches.');
  await decision.getByRole('button', { name: 'Approve account' }).click();
  await expect(page.getByRole('main').locator('.alert').filter({ hasText: 'Checking account ending 9999 approved' })).toContainText(
    'Payments can go to this account.',
  );
  await expect(inReview).toContainText('Verified');
  await expectAccessible();

  // The supplier reloads and sees the account verified.
  await supplier.reload();
  await expect(accountItem(supplier, '9999')).toContainText('Verified');
  await expect(accountItem(supplier, '9999').getByRole('form')).toHaveCount(0);
  await expectAccessible(supplier);
});
