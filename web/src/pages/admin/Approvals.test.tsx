import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Me } from '../../api/auth';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../../test/server';
import { Approvals } from './Approvals';
import type { Approval } from './ApprovalsApi';

const grace: Me = { ...meFixture, id: 'usr_1', email: 'grace@vouch.example', roles: ['support'], org: { id: 'org_p', kind: 'platform', name: 'Vouch' } };

const request: Approval = {
  id: 'apr_1',
  action: 'remove_passkeys',
  target_user_id: 'usr_9',
  requested_by: 'usr_7',
  target_email: 'cfo@acme.example',
  requested_by_email: 'help@vouch.example',
  reason: 'Lost phone and laptop in a fire',
  verified_by_method: 'callback',
  verified_by_note: 'called +1 555 0100',
  status: 'pending',
  created_at: '2025-03-01T10:00:00Z',
  expires_at: '2025-03-02T10:00:00Z',
};

const mine: Approval = { ...request, id: 'apr_2', requested_by: 'usr_1', target_user_id: 'usr_8', target_email: 'ap@acme.example' };

function renderPage(handlers: Record<string, Handler>, me: Me | undefined = grace) {
  return renderRoutes(
    { '/admin/approvals': <Approvals /> },
    { path: '/admin/approvals', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

const listing = (...approvals: Approval[]) => () => Response.json({ approvals });

async function rowOf(text: string): Promise<HTMLElement> {
  const list = await screen.findByRole('list', { name: 'Waiting requests' });
  const row = within(list).getAllByRole('listitem').find((li) => li.textContent.includes(text));
  if (!row) throw new Error(`no row with ${text}`);
  return row;
}

describe('Approvals', () => {
  it('lists what each request would do, who asked, why and how they checked', async () => {
    renderPage({ 'GET /api/v1/admin/approvals': listing(request, mine) });
    const row = await rowOf('cfo@acme.example');
    expect(row).toHaveTextContent('Remove every passkey of cfo@acme.example');
    expect(row).toHaveTextContent('help@vouch.example');
    expect(row).toHaveTextContent('Lost phone and laptop in a fire');
    expect(row).toHaveTextContent('Call-back to a number on file (called +1 555 0100)');
    expect(within(row).getByRole('button', { name: 'Approve: Remove every passkey of cfo@acme.example' })).toBeInTheDocument();
  });

  it('approves after a confirmation, removes the row and says so', async () => {
    const { calls } = renderPage({
      'GET /api/v1/admin/approvals': listing(request),
      'POST /api/v1/admin/approvals/apr_1/approve': () => Response.json({ ...request, status: 'approved', decided_by: 'usr_1' }),
    });
    const row = await rowOf('cfo@acme.example');
    await userEvent.click(within(row).getByRole('button', { name: /^Approve/ }));
    const confirm = within(row).getByRole('button', { name: 'Approve and remove passkeys' });
    expect(confirm).toHaveFocus();
    expect(calls()).not.toContain('POST /api/v1/admin/approvals/apr_1/approve');
    await userEvent.click(confirm);
    expect(await screen.findByText('Request approved')).toBeInTheDocument();
    expect(screen.getByText(/Every passkey of cfo@acme.example is removed/)).toBeInTheDocument();
    expect(screen.getByText('Nothing waits for a second approval.')).toBeInTheDocument();
    expect(calls()).toContain('POST /api/v1/admin/approvals/apr_1/approve');
  });

  it('offers no Approve on your own request, and explains', async () => {
    renderPage({ 'GET /api/v1/admin/approvals': listing(mine) });
    const row = await rowOf('ap@acme.example');
    expect(row).toHaveTextContent('Asked byYou');
    expect(within(row).getByText(/another member of platform staff must approve it/)).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: /^Approve/ })).not.toBeInTheDocument();
    expect(within(row).getByRole('button', { name: /^Cancel request/ })).toBeInTheDocument();
  });

  it("shows the server's four-eyes refusal in the row and keeps it", async () => {
    renderPage({
      'GET /api/v1/admin/approvals': listing(request),
      'POST /api/v1/admin/approvals/apr_1/approve': () => problem(403, 'four_eyes_required'),
    });
    const row = await rowOf('cfo@acme.example');
    const approveButton = within(row).getByRole('button', { name: /^Approve/ });
    await userEvent.click(approveButton);
    await userEvent.click(within(row).getByRole('button', { name: 'Approve and remove passkeys' }));
    expect(await within(row).findByText('You asked for this yourself, so another member of platform staff must approve it.')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: /^Approve/ })).toHaveFocus();
  });

  it('drops a request someone else already decided', async () => {
    renderPage({
      'GET /api/v1/admin/approvals': listing(request),
      'POST /api/v1/admin/approvals/apr_1/approve': () => problem(409, 'approval_decided'),
    });
    const row = await rowOf('cfo@acme.example');
    await userEvent.click(within(row).getByRole('button', { name: /^Approve/ }));
    await userEvent.click(within(row).getByRole('button', { name: 'Approve and remove passkeys' }));
    expect(await screen.findByText('That request is no longer waiting')).toBeInTheDocument();
    expect(screen.getByText('Someone already approved or cancelled this request.')).toBeInTheDocument();
    expect(screen.getByText('Nothing waits for a second approval.')).toBeInTheDocument();
  });

  it('cancels a request only with a reason, and sends it', async () => {
    const { bodyOf, calls } = renderPage({
      'GET /api/v1/admin/approvals': listing(request),
      'POST /api/v1/admin/approvals/apr_1/cancel': noContent,
    });
    const row = await rowOf('cfo@acme.example');
    await userEvent.click(within(row).getByRole('button', { name: 'Cancel request: Remove every passkey of cfo@acme.example' }));
    const reason = within(row).getByLabelText(/^Reason/);
    expect(reason).toHaveFocus();
    await userEvent.click(within(row).getByRole('button', { name: 'Cancel request' }));
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(/Reason is required/);
    expect(calls()).not.toContain('POST /api/v1/admin/approvals/apr_1/cancel');
    await userEvent.type(reason, '  Not verified by phone  ');
    await userEvent.click(within(row).getByRole('button', { name: 'Cancel request' }));
    expect(await screen.findByText('Request cancelled')).toBeInTheDocument();
    expect(screen.getByText('Nothing waits for a second approval.')).toBeInTheDocument();
    expect(bodyOf('POST /api/v1/admin/approvals/apr_1/cancel')).toEqual({ reason: 'Not verified by phone' });
  });

  it('returns focus to the trigger when the person keeps the request', async () => {
    renderPage({ 'GET /api/v1/admin/approvals': listing(request) });
    const row = await rowOf('cfo@acme.example');
    await userEvent.click(within(row).getByRole('button', { name: /^Cancel request/ }));
    await userEvent.click(within(row).getByRole('button', { name: 'Keep it' }));
    expect(within(row).getByRole('button', { name: /^Cancel request/ })).toHaveFocus();
  });

  it('says when nothing is waiting', async () => {
    renderPage({ 'GET /api/v1/admin/approvals': listing() });
    expect(await screen.findByText('Nothing waits for a second approval.')).toBeInTheDocument();
  });

  it('offers to try again when the list fails to load', async () => {
    let fail = true;
    renderPage({
      'GET /api/v1/admin/approvals': () => (fail ? problem(503, 'unavailable') : Response.json({ approvals: [request] })),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The requests could not be loaded');
    expect(alert).toHaveTextContent(/temporarily unavailable/);
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await rowOf('cfo@acme.example')).toBeInTheDocument();
  });

  it('sends the person to sign in when the session has ended', async () => {
    renderPage({ 'GET /api/v1/admin/approvals': () => problem(401, 'unauthenticated') });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Fadmin%2Fapprovals'));
  });

  it('tells a supplier user the page is not for them, without asking for the queue', async () => {
    const { calls } = renderPage({}, { ...meFixture, roles: ['supplier_user'] });
    expect(await screen.findByText('This page is for platform staff')).toBeInTheDocument();
    expect(calls()).not.toContain('GET /api/v1/admin/approvals');
  });
});
