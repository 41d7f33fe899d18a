import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Me } from '../../api/auth';
import type { BankAccount, BankVerification, RoutingNumber } from '../../api/banking';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../../test/server';
import { BankAccountsPage } from './BankAccounts';
import { parseCents } from './MicroDepositForm';

const supplier: Me = {
  ...meFixture,
  email: 'sam@widgets.example',
  roles: ['supplier_user' as const],
  org: { id: 'org_sup', kind: 'supplier' as const, name: 'Widget Works' },
};

const check: BankVerification = {
  id: 'bvr_1',
  method: 'instant',
  provider: 'sandbox',
  provider_ref: 'ref',
  account_status: 'open',
  owner_match: 'match',
  owner_score: 100,
  checked_at: '2026-11-30T10:00:00Z',
  reasons: ['The bank reports this account open.', 'matches the legal name exactly'],
  raw_sha256: 'abc',
};

const verified: BankAccount = {
  id: 'bac_1',
  supplier_id: 'org_sup',
  routing_number: '021000021',
  bank_name: 'JPMorgan Chase Bank',
  account_type: 'checking',
  holder_name: 'Widget Works LLC',
  last4: '6789',
  status: 'verified',
  guarded_change: false,
  created_at: '2026-11-30T10:00:00Z',
  verification: check,
};

const chase: RoutingNumber = {
  routing_number: '021000021',
  valid: true,
  reason: null,
  detail: null,
  status: 'active',
  bank_name: 'JPMorgan Chase Bank',
  city: 'Tampa',
  state: 'FL',
  new_routing_number: null,
};

const listing = (accounts: BankAccount[]): Handler => () => Response.json({ bank_accounts: accounts });

function renderPage(handlers: Record<string, Handler>, me: Me = supplier) {
  return renderRoutes(
    { '/bank-accounts': <BankAccountsPage /> },
    {
      path: '/bank-accounts',
      handlers: {
        'GET /api/v1/me': meHandler(me),
        'GET /api/v1/routing-numbers/021000021': () => Response.json(chase),
        ...handlers,
      },
    },
  );
}

async function fillForm(number = '123456789', again = number) {
  await userEvent.type(await screen.findByLabelText(/^Routing number/), '021000021');
  expect(await screen.findByText('Bank: JPMorgan Chase Bank, Tampa, FL')).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText('Account number'), number);
  await userEvent.type(screen.getByLabelText(/^Account number again/), again);
  await userEvent.click(screen.getByRole('radio', { name: 'Savings' }));
  await userEvent.type(screen.getByLabelText(/^Name on the account/), 'Widget Works LLC');
}

describe('Bank accounts (supplier)', () => {
  it('lists accounts with their status in words, the last four only, the bank and the reasons', async () => {
    renderPage({
      'GET /api/v1/supplier/bank-accounts': listing([
        verified,
        {
          ...verified,
          id: 'bac_2',
          last4: '4321',
          status: 'failed',
          verification: { ...check, account_status: 'closed_for_cause', reasons: ['The bank closed this account for cause.'] },
        },
      ]),
      'GET /api/v1/supplier/bank-accounts/bac_1/history': () =>
        Response.json({ verifications: [{ ...check, id: 'bvr_0', method: 'micro_deposits', checked_at: '2026-11-01T10:00:00Z' }, check] }),
    });
    const list = await screen.findByRole('list', { name: 'Your bank accounts' });
    const items = within(list).getAllByRole('listitem').filter((li) => li.parentElement === list);
    expect(items).toHaveLength(2);
    const [first, second] = items as [HTMLElement, HTMLElement];
    expect(within(first).getByRole('heading', { name: 'Checking account ending 6789' })).toBeInTheDocument();
    expect(first).toHaveTextContent('Verified');
    expect(first).toHaveTextContent('JPMorgan Chase Bank');
    // Reasons become sentences.
    expect(first).toHaveTextContent('Matches the legal name exactly.');
    expect(second).toHaveTextContent('Cannot be used');
    expect(second).toHaveTextContent('The bank closed this account for cause.');

    const history = within(first).getByRole('button', { name: 'History of the Checking account ending 6789' });
    expect(history).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(history);
    const checks = await within(first).findByRole('list', { name: /Checks of the Checking account ending 6789/ });
    expect(within(checks).getAllByRole('listitem').filter((li) => li.parentElement === checks)).toHaveLength(2);
    expect(checks).toHaveTextContent('Two small deposits');
    expect(within(first).getByRole('button', { name: /Hide history/ })).toHaveAttribute('aria-expanded', 'true');
  });

  it('explains the page is for suppliers to anyone else', async () => {
    renderPage({}, meFixture);
    expect(await screen.findByText('This page is for suppliers')).toBeInTheDocument();
  });

  it('looks the routing number up once it has 9 digits, and says why a bad one is invalid', async () => {
    const { calls } = renderPage({
      'GET /api/v1/supplier/bank-accounts': listing([]),
      'GET /api/v1/routing-numbers/021000022': () =>
        Response.json({ ...chase, routing_number: '021000022', valid: false, reason: 'checksum', status: 'invalid', bank_name: null, city: null, state: null }),
    });
    expect(await screen.findByText('You have no bank account on Vouch yet.')).toBeInTheDocument();
    const field = screen.getByLabelText(/^Routing number/);
    await userEvent.type(field, '02100002');
    expect(calls().some((c) => c.startsWith('GET /api/v1/routing-numbers'))).toBe(false);
    await userEvent.type(field, '2');
    expect(await screen.findByText(/its check digit does not add up/)).toBeInTheDocument();
    await userEvent.clear(field);
    await userEvent.type(field, '021 000 021');
    expect(field).toHaveValue('021000021');
    expect(await screen.findByText('Bank: JPMorgan Chase Bank, Tampa, FL')).toBeInTheDocument();
  });

  it('masks the account number, shows it on request, and refuses two numbers that differ', async () => {
    const { calls } = renderPage({ 'GET /api/v1/supplier/bank-accounts': listing([]) });
    await fillForm('123456789', '123456780');
    const number = screen.getByLabelText('Account number');
    expect(number).toHaveAttribute('type', 'password');
    const show = screen.getByRole('button', { name: 'Show account numbers' });
    expect(show).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(show);
    expect(number).toHaveAttribute('type', 'text');
    expect(screen.getByLabelText(/^Account number again/)).toHaveAttribute('type', 'text');

    await userEvent.click(screen.getByRole('button', { name: 'Add bank account' }));
    const again = screen.getByLabelText(/^Account number again/);
    expect(again).toHaveAttribute('aria-invalid', 'true');
    expect(again).toHaveAccessibleDescription(/don't match/);
    expect(again).toHaveFocus();
    expect(calls()).not.toContain('POST /api/v1/supplier/bank-accounts');
  });

  it('adds an account and shows a failed check, closed for cause, prominently', async () => {
    const failed: BankAccount = {
      ...verified,
      id: 'bac_9',
      account_type: 'savings',
      status: 'failed',
      verification: {
        ...check,
        account_status: 'closed_for_cause',
        owner_match: 'unknown',
        reasons: ['The bank closed this account for cause. It cannot be used, and your customers have been alerted.'],
      },
    };
    const { bodyOf } = renderPage({
      'GET /api/v1/supplier/bank-accounts': listing([]),
      'POST /api/v1/supplier/bank-accounts': () => Response.json(failed, { status: 201 }),
    });
    await fillForm();
    await userEvent.click(screen.getByRole('button', { name: 'Add bank account' }));

    const result = await screen.findByRole('region', { name: 'This bank account cannot be used' });
    expect(within(result).getByRole('heading', { name: 'This bank account cannot be used' })).toHaveFocus();
    expect(result).toHaveTextContent('closed the Savings account ending 6789 for cause');
    expect(within(result).getByRole('list', { name: 'What the bank check found' })).toHaveTextContent(
      'The bank closed this account for cause.',
    );
    expect(bodyOf('POST /api/v1/supplier/bank-accounts')).toEqual({
      routing_number: '021000021',
      account_number: '123456789',
      account_type: 'savings',
      holder_name: 'Widget Works LLC',
    });
    // The form is cleared; the list has the account, with its last four only.
    expect(screen.getByLabelText('Account number')).toHaveValue('');
    const list = screen.getByRole('list', { name: 'Your bank accounts' });
    expect(list).toHaveTextContent('Savings account ending 6789');
    expect(document.body).not.toHaveTextContent('123456789');
  });

  it('asks to confirm it is you when the server wants a step-up, then adds the account', async () => {
    let tries = 0;
    const keys: (string | null)[] = [];
    const { calls } = renderPage({
      'GET /api/v1/supplier/bank-accounts': listing([verified]),
      'POST /api/v1/supplier/bank-accounts': (req) => {
        keys.push(req.headers.get('Idempotency-Key'));
        return ++tries === 1
          ? problem(403, 'step_up_required')
          : Response.json({ ...verified, id: 'bac_3', status: 'review' }, { status: 201 });
      },
      'GET /api/v1/me/passkeys': () => Response.json({ passkeys: [] }),
      'POST /api/v1/auth/step-up/email/begin': () => new Response(null, { status: 202 }),
      'POST /api/v1/auth/step-up/email/finish': () => new Response(null, { status: 204 }),
    });
    await fillForm();
    await userEvent.click(screen.getByRole('button', { name: 'Add bank account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await userEvent.click(await within(dialog).findByRole('button', { name: 'E-mail me a code' }));
    await userEvent.type(await within(dialog).findByLabelText(/^6-digit code/), '123456');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    const result = await screen.findByRole('region', { name: 'Added: waiting for a review' });
    expect(result).toHaveTextContent("A customer's administrator will check it");
    expect(calls().filter((c) => c === 'POST /api/v1/supplier/bank-accounts')).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]); // the retry after the step-up is the same request: it cannot add twice
  });

  it('puts the server’s field errors next to the fields', async () => {
    renderPage({
      'GET /api/v1/supplier/bank-accounts': listing([]),
      'POST /api/v1/supplier/bank-accounts': () =>
        problem(422, 'invalid_input', { errors: [{ field: 'holder_name', message: 'is too long' }] }),
    });
    await fillForm();
    await userEvent.click(screen.getByRole('button', { name: 'Add bank account' }));
    const holder = screen.getByLabelText(/^Name on the account/);
    await vi.waitFor(() => expect(holder).toHaveAttribute('aria-invalid', 'true'));
    expect(holder).toHaveAccessibleDescription(/Name on the account is too long\./);
    expect(holder).toHaveFocus();
  });

  it('confirms micro-deposits, saying how many attempts are left after a wrong pair', async () => {
    const pending: BankAccount = {
      ...verified,
      status: 'pending_micro_deposits',
      verification: { ...check, method: 'micro_deposits', account_status: 'unknown', owner_match: 'unknown', reasons: [] },
      micro_deposits: { attempts_left: 3, expires_at: '2026-12-10T10:00:00Z' },
    };
    let tries = 0;
    const { bodyOf } = renderPage({
      'GET /api/v1/supplier/bank-accounts': listing([pending]),
      'POST /api/v1/supplier/bank-accounts/bac_1/micro-deposits/verify': () =>
        ++tries === 1
          ? problem(422, 'micro_deposits_mismatch', { detail: 'Those are not the amounts we sent. 2 attempts left.' })
          : Response.json({ ...pending, status: 'review', micro_deposits: undefined }),
    });
    const form = await screen.findByRole('form', { name: 'Deposit amounts for the Checking account ending 6789' });
    expect(screen.getByText(/^3 attempts left\. Enter them by/)).toBeInTheDocument();
    expect(screen.getByText('Waiting for deposit amounts')).toBeInTheDocument();

    await userEvent.type(within(form).getByLabelText(/^First deposit/), '0.32');
    await userEvent.type(within(form).getByLabelText(/^Second deposit/), '100');
    await userEvent.click(within(form).getByRole('button', { name: 'Confirm deposits' }));
    expect(within(form).getByLabelText(/^Second deposit/)).toHaveAttribute('aria-invalid', 'true');

    await userEvent.clear(within(form).getByLabelText(/^Second deposit/));
    await userEvent.type(within(form).getByLabelText(/^Second deposit/), '7');
    await userEvent.click(within(form).getByRole('button', { name: 'Confirm deposits' }));
    expect(await screen.findByText('Those are not the amounts we sent. 2 attempts left.')).toBeInTheDocument();
    expect(screen.getByText(/^2 attempts left\. Enter them by/)).toBeInTheDocument();
    expect(bodyOf('POST /api/v1/supplier/bank-accounts/bac_1/micro-deposits/verify')).toEqual({ amounts_cents: [32, 7] });

    await userEvent.click(within(form).getByRole('button', { name: 'Confirm deposits' }));
    expect(await screen.findByText('Deposits confirmed')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: /Deposit amounts/ })).not.toBeInTheDocument();
    expect(screen.getByText('In review')).toBeInTheDocument();
  });
});

describe('parseCents', () => {
  it('reads cents and dollar amounts under $1', () => {
    expect(parseCents('32')).toBe(32);
    expect(parseCents('$0.32')).toBe(32);
    expect(parseCents('.05')).toBe(5);
    expect(parseCents('0')).toBeUndefined();
    expect(parseCents('100')).toBeUndefined();
    expect(parseCents('1.00')).toBeUndefined();
    expect(parseCents('abc')).toBeUndefined();
  });
});
