import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BankVerification, CustomerBankAccount } from '../../api/banking';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../../test/server';
import { SupplierBankAccounts } from './SupplierBankAccounts';

const check: BankVerification = {
  id: 'bvr_1',
  method: 'instant',
  provider: 'sandbox',
  provider_ref: 'ref',
  account_status: 'open',
  owner_match: 'partial',
  owner_score: 80,
  checked_at: '2026-11-30T10:00:00Z',
  reasons: ['The bank reports this account open.', "only 'WIDGET' is shared with the legal name"],
  raw_sha256: 'abc',
};

const inReview: CustomerBankAccount = {
  id: 'bac_1',
  supplier_id: 'org_sup',
  routing_number: '021000021',
  bank_name: 'JPMorgan Chase Bank',
  account_type: 'checking',
  holder_name: 'Widget Works LLC',
  last4: '6789',
  status: 'review',
  guarded_change: true,
  created_at: '2026-11-30T10:00:00Z',
  verification: check,
  history: [check],
  cooling_until: '2099-12-01T10:00:00Z',
};

function renderPanel(handlers: Record<string, Handler>) {
  return renderRoutes(
    { '/reviews/org_sup': <SupplierBankAccounts supplierId="org_sup" /> },
    { path: '/reviews/org_sup', handlers: { 'GET /api/v1/me': meHandler(meFixture), ...handlers } },
  );
}

describe('SupplierBankAccounts (customer admin)', () => {
  it('shows status, the cooling period, reasons and history, never the full number', async () => {
    renderPanel({
      'GET /api/v1/reviews/org_sup/bank-accounts': () =>
        Response.json({ bank_accounts: [inReview, { ...inReview, id: 'bac_0', last4: '1111', status: 'replaced', cooling_until: null }] }),
    });
    const list = await screen.findByRole('list', { name: 'The supplier’s bank accounts' });
    const [first, second] = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list) as [HTMLElement, HTMLElement];
    expect(within(first).getByRole('heading', { name: 'Checking account ending 6789' })).toBeInTheDocument();
    expect(first).toHaveTextContent('In review');
    expect(first).toHaveTextContent(/Payments to this account come back for review until .*2099/);
    expect(first).toHaveTextContent("Only 'WIDGET' is shared with the legal name.");
    expect(first).toHaveTextContent('a change to the supplier’s bank details');
    expect(within(first).getByRole('group', { name: 'Decide on the Checking account ending 6789' })).toBeInTheDocument();
    // Only accounts in review can be decided; no cooling period without a date.
    expect(second).toHaveTextContent('Replaced');
    expect(second).not.toHaveTextContent('come back for review');
    expect(within(second).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();

    await userEvent.click(within(first).getByRole('button', { name: /^History of the/ }));
    expect(await within(first).findByText('Partly matches')).toBeInTheDocument();
    expect(list).not.toHaveTextContent('021000021 6789');
  });

  it('approves an account in review with a reason, then loads the accounts again', async () => {
    let decided = false;
    const { bodyOf, calls } = renderPanel({
      'GET /api/v1/reviews/org_sup/bank-accounts': () =>
        Response.json({ bank_accounts: [decided ? { ...inReview, status: 'verified' } : inReview] }),
      'POST /api/v1/reviews/org_sup/bank-accounts/bac_1/approve': () => {
        decided = true;
        return Response.json({ ...inReview, status: 'verified' });
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    const form = screen.getByRole('form', { name: 'Approve account: Checking account ending 6789' });
    const reason = within(form).getByLabelText(/^Reason/);
    expect(reason).toHaveFocus();

    await userEvent.click(within(form).getByRole('button', { name: 'Approve account' }));
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(calls()).not.toContain('POST /api/v1/reviews/org_sup/bank-accounts/bac_1/approve');

    await userEvent.type(reason, 'Called the supplier; bank letter matches.');
    await userEvent.click(within(form).getByRole('button', { name: 'Approve account' }));
    expect(await screen.findByText('Checking account ending 6789 approved')).toBeInTheDocument();
    expect(bodyOf('POST /api/v1/reviews/org_sup/bank-accounts/bac_1/approve')).toEqual({
      reason: 'Called the supplier; bank letter matches.',
    });
    expect(await screen.findByText('Verified')).toBeInTheDocument();
    expect(calls().filter((c) => c === 'GET /api/v1/reviews/org_sup/bank-accounts')).toHaveLength(2);
  });

  it('says when someone else decided first', async () => {
    renderPanel({
      'GET /api/v1/reviews/org_sup/bank-accounts': () => Response.json({ bank_accounts: [inReview] }),
      'POST /api/v1/reviews/org_sup/bank-accounts/bac_1/reject': () => problem(409, 'bank_account_not_in_review'),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    await userEvent.type(screen.getByLabelText(/^Reason/), 'Holder is not the supplier.');
    await userEvent.click(screen.getByRole('button', { name: 'Reject account' }));
    expect(await screen.findByText('Nothing was changed')).toBeInTheDocument();
    expect(screen.getByText(/no longer waiting for a review/)).toBeInTheDocument();
  });

  it('explains an empty list', async () => {
    renderPanel({ 'GET /api/v1/reviews/org_sup/bank-accounts': () => Response.json({ bank_accounts: [] }) });
    expect(await screen.findByText(/This supplier has not added a bank account yet/)).toBeInTheDocument();
  });
});
