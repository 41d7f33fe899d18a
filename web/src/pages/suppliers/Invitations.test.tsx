import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Invitation, InvitationImport } from '../../api/onboarding';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../../test/server';
import { Invitations } from './Invitations';

const pending: Invitation = {
  id: 'inv_1',
  email: 'sam@widgets.example',
  supplier_name: 'Widget Works',
  status: 'pending',
  reminders: 0,
  created_at: '2026-03-01T10:00:00Z',
  expires_at: '2026-03-15T10:00:00Z',
  sent_at: '2026-03-01T10:00:00Z',
};

function renderPage(handlers: Record<string, Handler>, me = meFixture) {
  return renderRoutes(
    { '/invitations': <Invitations /> },
    { path: '/invitations', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

const listing = (invitations: Invitation[]): Handler => () => Response.json({ invitations });

const job = (over: Partial<InvitationImport>): InvitationImport => ({
  id: 'imp_1',
  file_name: 'suppliers.csv',
  status: 'running',
  total_rows: 4,
  processed_rows: 0,
  invited: 0,
  skipped: 0,
  errors: [],
  error: '',
  created_at: '2026-03-01T10:00:00Z',
  finished_at: null,
  ...over,
});

describe('Invitations', () => {
  it('explains what to do when nobody was invited yet', async () => {
    renderPage({ 'GET /api/v1/invitations': listing([]) });
    expect(await screen.findByText('You have not invited any suppliers yet.')).toBeInTheDocument();
  });

  it('invites a supplier and shows the shareable link with a copy button', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const url = 'https://vouch.example/enroll?token=abc';
    const { bodyOf } = renderPage({
      'GET /api/v1/invitations': listing([]),
      'POST /api/v1/invitations': () => Response.json({ ...pending, url }, { status: 201 }),
    });
    await userEvent.type(await screen.findByLabelText('E-mail address'), ' sam@widgets.example ');
    await userEvent.type(screen.getByLabelText(/^Supplier name/), 'Widget Works');
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));

    const sent = await screen.findByRole('region', { name: 'Invitation sent to sam@widgets.example' });
    expect(within(sent).getByLabelText('Enrollment link')).toHaveValue(url);
    expect(bodyOf('POST /api/v1/invitations')).toEqual({ email: 'sam@widgets.example', supplier_name: 'Widget Works' });
    await userEvent.click(within(sent).getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(url);
    expect(await within(sent).findByText('Copied to the clipboard.')).toBeInTheDocument();
  });

  it('says at the e-mail field when an invitation to it is already open', async () => {
    renderPage({
      'GET /api/v1/invitations': listing([]),
      'POST /api/v1/invitations': () => problem(409, 'invitation_pending'),
    });
    await userEvent.type(await screen.findByLabelText('E-mail address'), 'sam@widgets.example');
    await userEvent.type(screen.getByLabelText(/^Supplier name/), 'Widget Works');
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    const email = screen.getByLabelText('E-mail address');
    expect(await screen.findByText(/already open. Resend it from the list/)).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveFocus();
  });

  it('asks for both fields before sending', async () => {
    const { calls } = renderPage({ 'GET /api/v1/invitations': listing([]) });
    await userEvent.click(await screen.findByRole('button', { name: 'Send invitation' }));
    expect(screen.getByLabelText('E-mail address')).toHaveAccessibleDescription(/Enter the e-mail address/);
    expect(screen.getByLabelText(/^Supplier name/)).toHaveAccessibleDescription(/Enter the supplier’s business name/);
    expect(calls()).not.toContain('POST /api/v1/invitations');
  });

  it('lists invitations, resends one with a fresh link, and revokes one after a confirmation', async () => {
    const { calls } = renderPage({
      'GET /api/v1/invitations': listing([pending]),
      'POST /api/v1/invitations/inv_1/resend': () => Response.json({ ...pending, reminders: 1, url: 'https://vouch.example/enroll?token=new' }),
      'POST /api/v1/invitations/inv_1/revoke': noContent,
    });
    const list = await screen.findByRole('list', { name: 'Invitations' });
    expect(list).toHaveTextContent('Widget Works');
    expect(list).toHaveTextContent('Pending');

    await userEvent.click(within(list).getByRole('button', { name: 'Resend to Widget Works (sam@widgets.example)' }));
    const sent = await screen.findByRole('region', { name: 'Invitation sent to sam@widgets.example' });
    expect(within(sent).getByLabelText('Enrollment link')).toHaveValue('https://vouch.example/enroll?token=new');

    await userEvent.click(within(list).getByRole('button', { name: 'Revoke Widget Works (sam@widgets.example)' }));
    const confirm = screen.getByRole('group', { name: 'Revoke the invitation to Widget Works (sam@widgets.example)?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Revoke invitation' }));
    expect(await screen.findByText('Invitation to sam@widgets.example revoked')).toBeInTheDocument();
    expect(calls()).toContain('POST /api/v1/invitations/inv_1/revoke');
  });

  it('imports a CSV with a progress bar, then lists the rows that were skipped', async () => {
    const polls = [
      job({ processed_rows: 2 }),
      job({
        status: 'done',
        processed_rows: 4,
        invited: 3,
        skipped: 1,
        errors: [{ line: 3, field: 'email', message: 'is not an e-mail address' }],
      }),
    ];
    const { calls } = renderPage({
      'GET /api/v1/invitations': listing([]),
      'POST /api/v1/invitations/import': () => Response.json(job({}), { status: 202 }),
      'GET /api/v1/invitations/imports/imp_1': () => Response.json(polls.shift() ?? job({ status: 'done', processed_rows: 4 })),
    });
    const file = new File(['email,supplier_name\n'], 'suppliers.csv', { type: 'text/csv' });
    await userEvent.upload(await screen.findByLabelText('CSV file'), file);
    await userEvent.click(screen.getByRole('button', { name: 'Upload and invite' }));

    const bar = await screen.findByRole('progressbar', { name: 'Importing suppliers.csv' });
    expect(bar).toHaveAttribute('aria-valuemax', '4');
    await vi.waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '2'), { timeout: 5000 });
    expect(await screen.findByText('Import finished', undefined, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '4');
    expect(screen.getByText(/3 invited, 1 skipped, 1 row with problems/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Rows that were skipped' });
    expect(within(table).getByRole('row', { name: /3 email is not an e-mail address/ })).toBeInTheDocument();
    expect(calls().filter((c) => c === 'GET /api/v1/invitations/imports/imp_1')).toHaveLength(2);
  });

  it('says plainly why a CSV was refused', async () => {
    renderPage({
      'GET /api/v1/invitations': listing([]),
      'POST /api/v1/invitations/import': () => problem(422, 'csv_missing_column'),
    });
    await userEvent.upload(await screen.findByLabelText('CSV file'), new File(['a,b\n'], 'x.csv', { type: 'text/csv' }));
    await userEvent.click(screen.getByRole('button', { name: 'Upload and invite' }));
    expect(await screen.findByText(/needs a header row with the columns email and supplier_name/)).toBeInTheDocument();
    expect(screen.getByLabelText('CSV file')).toHaveAttribute('aria-invalid', 'true');
  });

  it('tells someone who is not a customer administrator, without asking the server', async () => {
    const { calls } = renderPage({}, { ...meFixture, roles: ['supplier_user'] });
    expect(await screen.findByText('This page is for customer administrators')).toBeInTheDocument();
    expect(calls()).not.toContain('GET /api/v1/invitations');
  });
});
