import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AdminUser } from '../../api/admin';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../../test/server';
import { AdminUsers } from './AdminUsers';

const users: AdminUser[] = [
  { id: 'usr_grace', email: 'grace@acme.example', name: 'Grace Hopper', roles: ['customer_admin'], org_id: 'org_1', status: 'active', must_change_password: false, locked_until: null, require_passkey: false, require_passkey_user: false },
  { id: 'usr_alan', email: 'alan@acme.example', name: '', roles: ['customer_admin'], org_id: 'org_1', status: 'disabled', must_change_password: true, locked_until: null, require_passkey: true, require_passkey_user: false },
];

function searchHandler(): Handler {
  return (request) => {
    const q = new URL(request.url).searchParams.get('q') ?? '';
    return Response.json({ users: users.filter((u) => u.email.includes(q) || (u.name ?? '').toLowerCase().includes(q.toLowerCase())) });
  };
}

function renderUsers(handlers: Record<string, Handler> = {}, me = meHandler(meFixture)) {
  return renderRoutes(
    { '/admin/users': <AdminUsers /> },
    { path: '/admin/users', handlers: { 'GET /api/v1/me': me, 'GET /api/v1/admin/users': searchHandler(), ...handlers } },
  );
}

describe('AdminUsers', () => {
  it('lists the users with their roles, status and a pending reset', async () => {
    const { calls } = renderUsers();
    const table = await screen.findByRole('table', { name: 'Users' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('grace@acme.example');
    expect(rows[1]).toHaveTextContent('Grace Hopper');
    expect(rows[1]).toHaveTextContent('Customer administrator');
    expect(rows[1]).toHaveTextContent('Active');
    expect(rows[1]).not.toHaveTextContent('Reset required');
    expect(rows[2]).toHaveTextContent('Disabled');
    expect(rows[2]).toHaveTextContent('Reset required');
    expect(screen.getByText('2 users, newest first.')).toBeInTheDocument();
    expect(screen.getByText('You can find and manage the users of Acme Corp.')).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me', 'GET /api/v1/admin/users?q=']);
  });

  it('searches as you type, once typing pauses', async () => {
    const { calls } = renderUsers();
    await screen.findByRole('table');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search by e-mail or name' }), 'grace');
    await waitFor(() => expect(screen.getByText('1 user matching “grace”.')).toBeInTheDocument());
    expect(calls().filter((c) => c.startsWith('GET /api/v1/admin/users'))).toEqual([
      'GET /api/v1/admin/users?q=',
      'GET /api/v1/admin/users?q=grace',
    ]);
  });

  it('searches at once on Enter', async () => {
    const { calls } = renderUsers();
    await screen.findByRole('table');
    await userEvent.type(screen.getByRole('searchbox'), 'alan{Enter}');
    await waitFor(() => expect(calls()).toContain('GET /api/v1/admin/users?q=alan'));
  });

  it('says when nothing matches, and what to try', async () => {
    renderUsers();
    await screen.findByRole('table');
    await userEvent.type(screen.getByRole('searchbox'), 'nobody{Enter}');
    expect(await screen.findByText('No users match “nobody”.')).toBeInTheDocument();
    expect(screen.getByText(/clear the search to see everyone/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('forces a reset through the dialog and updates the row', async () => {
    const { bodyOf } = renderUsers({ 'POST /api/v1/admin/users/usr_grace/force-password-reset': noContent });
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    const button = within(row).getByRole('button', { name: 'Force password reset for grace@acme.example' });
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Force a password reset' });
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Phishing report');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Call-back to a number on file' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force password reset' }));
    await waitFor(() =>
      expect(screen.getByText('grace@acme.example must choose a new password at next sign-in; their sessions were ended.')).toBeInTheDocument(),
    );
    expect(dialog).not.toHaveAttribute('open');
    expect(row).toHaveTextContent('Reset required');
    expect(button).toHaveFocus();
    expect(bodyOf('POST /api/v1/admin/users/usr_grace/force-password-reset')).toEqual({
      reason: 'Phishing report',
      verified_by: { method: 'callback' },
    });
  });

  it('offers every action per row, each named with the user for screen readers', async () => {
    renderUsers();
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    expect(within(row).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Send reset link for grace@acme.example',
      'Force password reset for grace@acme.example',
      'Sign out everywhere for grace@acme.example',
      'Remove passkeys for grace@acme.example',
      'Require passkey for grace@acme.example',
    ]);
  });

  it.each([
    { name: 'removes at once', answer: noContent, notice: 'Every passkey of alan@acme.example was removed.' },
    {
      name: 'says when an administrator waits for a second approval',
      answer: () => Response.json({ status: 'pending_approval', approval: { id: 'apr_1' } }, { status: 202 }),
      notice: "Removing the passkeys of alan@acme.example now waits for a second staff member's approval.",
    },
  ])('removes passkeys from the row: $name', async ({ answer, notice }) => {
    const { bodyOf } = renderUsers({ 'DELETE /api/v1/admin/users/usr_alan/passkeys': answer });
    await screen.findByRole('table');
    await userEvent.click(screen.getByRole('button', { name: 'Remove passkeys for alan@acme.example' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove every passkey' });
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Lost phone and laptop');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Call-back to a number on file' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove passkeys' }));
    expect(await screen.findByText(notice)).toBeInTheDocument();
    expect(bodyOf('DELETE /api/v1/admin/users/usr_alan/passkeys')).toEqual({
      reason: 'Lost phone and laptop',
      verified_by: { method: 'callback' },
    });
  });

  it('unlocks a locked user from the row, and only a locked one', async () => {
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    users.push({ id: 'usr_ken', email: 'ken@acme.example', name: '', roles: ['supplier_user'], org_id: 'org_1', status: 'active', must_change_password: false, locked_until: until, require_passkey: false, require_passkey_user: false });
    try {
      const { calls } = renderUsers({ 'POST /api/v1/admin/users/usr_ken/unlock': noContent });
      const table = await screen.findByRole('table');
      expect(within(table).queryByRole('button', { name: 'Unlock for grace@acme.example' })).not.toBeInTheDocument();
      const row = within(table).getAllByRole('row').find((r) => r.textContent.includes('ken@acme.example'));
      if (!row) throw new Error('no row for ken');
      expect(row).toHaveTextContent('Locked until');
      await userEvent.click(within(row).getByRole('button', { name: 'Unlock for ken@acme.example' }));
      const dialog = screen.getByRole('dialog', { name: 'Unlock sign-in' });
      await userEvent.type(within(dialog).getByLabelText('Reason'), 'Typed an old password');
      await userEvent.click(within(dialog).getByRole('button', { name: 'Unlock' }));
      expect(await screen.findByText('ken@acme.example can sign in again.')).toBeInTheDocument();
      expect(row).not.toHaveTextContent('Locked until');
      expect(within(row).queryByRole('button', { name: 'Unlock for ken@acme.example' })).not.toBeInTheDocument();
      expect(calls()).toContain('POST /api/v1/admin/users/usr_ken/unlock');
    } finally {
      users.pop();
    }
  });

  it("links each row to the user's IP rules, naming the user and passing the e-mail along", async () => {
    renderUsers();
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    const link = within(row).getByRole('link', { name: 'IP rules for grace@acme.example' });
    expect(link).toHaveAttribute('href', '/admin/users/usr_grace/ip-rules');
    await userEvent.click(link);
    const location = screen.getByTestId('location');
    expect(location).toHaveTextContent('/admin/users/usr_grace/ip-rules');
    expect(location).toHaveAttribute('data-state', JSON.stringify({ email: 'grace@acme.example' }));
  });

  it('requires a passkey of a user from the row, then offers to stop', async () => {
    const { bodyOf } = renderUsers({
      'PUT /api/v1/admin/users/usr_grace/require-passkey': () => Response.json({ require_passkey: true, require_passkey_user: true }),
    });
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    expect(row).not.toHaveTextContent('Passkey required');
    await userEvent.click(within(row).getByRole('button', { name: 'Require passkey for grace@acme.example' }));
    const dialog = screen.getByRole('dialog', { name: 'Require a passkey after the password' });
    expect(dialog).toHaveTextContent('must also confirm with one of their passkeys');
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Approves payouts');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Require passkey' }));
    expect(await screen.findByText('grace@acme.example must now confirm sign-ins with a passkey.')).toBeInTheDocument();
    expect(row).toHaveTextContent('Passkey required');
    expect(within(row).getByRole('button', { name: 'Stop requiring passkey for grace@acme.example' })).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: 'Require passkey for grace@acme.example' })).not.toBeInTheDocument();
    expect(bodyOf('PUT /api/v1/admin/users/usr_grace/require-passkey')).toEqual({ reason: 'Approves payouts', require_passkey: true });
  });

  it("shows an organization's passkey requirement on its members", async () => {
    renderUsers();
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[2];
    if (!row) throw new Error('no row');
    expect(row).toHaveTextContent('Passkey required (organization)');
    expect(within(row).getByRole('button', { name: 'Require passkey for alan@acme.example' })).toBeInTheDocument();
  });

  it('e-mails a reset link from the row and confirms it, the row unchanged', async () => {
    const { bodyOf } = renderUsers({
      'POST /api/v1/admin/users/usr_grace/reset-link': () => new Response('Accepted', { status: 202 }),
    });
    const table = await screen.findByRole('table');
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    const button = within(row).getByRole('button', { name: 'Send reset link for grace@acme.example' });
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Send a password reset link' });
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Forgot the password, ticket T-9');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Support ticket' }));
    await userEvent.type(within(dialog).getByLabelText('Verification note (optional)'), 'T-9');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByText('A reset link was e-mailed to grace@acme.example.')).toBeInTheDocument();
    expect(dialog).not.toHaveAttribute('open');
    expect(row).not.toHaveTextContent('Reset required');
    expect(button).toHaveFocus();
    expect(bodyOf('POST /api/v1/admin/users/usr_grace/reset-link')).toEqual({
      reason: 'Forgot the password, ticket T-9',
      verified_by: { method: 'ticket', note: 'T-9' },
    });
  });

  it('signs a user out everywhere from the row and confirms it', async () => {
    const { calls } = renderUsers({ 'DELETE /api/v1/admin/users/usr_alan/sessions': noContent });
    await screen.findByRole('table');
    await userEvent.click(screen.getByRole('button', { name: 'Sign out everywhere for alan@acme.example' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign the user out everywhere' });
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Lost phone');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    expect(await screen.findByText('alan@acme.example was signed out on every device.')).toBeInTheDocument();
    expect(calls()).toContain('DELETE /api/v1/admin/users/usr_alan/sessions');
  });

  it('shows a friendly refusal to a role without user management, without asking the server', async () => {
    const { calls } = renderUsers({}, meHandler({ ...meFixture, roles: ['supplier_user'] }));
    expect(await screen.findByText('This page is for administrators and support staff')).toBeInTheDocument();
    expect(screen.getByText(/signed in as Supplier user/)).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me']);
  });

  it('shows the same refusal when the server says forbidden', async () => {
    renderUsers({ 'GET /api/v1/admin/users': () => problem(403, 'forbidden') });
    expect(await screen.findByText('This page is for administrators and support staff')).toBeInTheDocument();
  });

  it('shows a failed search as an alert', async () => {
    renderUsers({ 'GET /api/v1/admin/users': () => problem(503, 'unavailable', {}, { 'Retry-After': '10' }) });
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 10 seconds.');
  });
});
