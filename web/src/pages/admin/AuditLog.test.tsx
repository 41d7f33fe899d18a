import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role } from '../../api/auth';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../../test/server';
import { auditPageSize, type AuditEvent, type AuditVerdict } from './AuditApi';
import { AuditLog, localInputToUtc } from './AuditLog';

const listPath = '/api/v1/admin/audit';
const verifyPath = '/api/v1/admin/audit/verify';

function auditEvent(seq: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `aud_${seq}`,
    seq,
    at: '2026-03-14T15:09:26Z',
    actor_id: 'usr_support',
    actor_role: 'support',
    action: 'user.unlocked',
    target_type: 'user',
    target_id: `usr_${seq}`,
    org_id: 'org_1',
    ip: '198.51.100.7',
    user_agent: '',
    reason: 'Locked out after a holiday',
    details: null,
    prev_hash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...extra,
  };
}

/** `count` events counting down from `top`, as the server pages them. */
function eventsFrom(top: number, count: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => auditEvent(top - i));
}

const listing = (events: AuditEvent[]): Handler => () => Response.json({ events });

function renderPage(handlers: Record<string, Handler>, roles: Role[] = ['customer_admin']) {
  return renderRoutes(
    { '/admin/audit': <AuditLog /> },
    { path: '/admin/audit', handlers: { 'GET /api/v1/me': meHandler({ ...meFixture, roles }), ...handlers } },
  );
}

type Seen = ReturnType<typeof renderPage>['seen'];

/** The query of every audit list request, in order. */
function listQueries(seen: Seen): Record<string, string>[] {
  return seen
    .map((s) => new URL(s.request.url))
    .filter((url) => url.pathname === listPath)
    .map((url) => Object.fromEntries(url.searchParams));
}

/** The body rows of the events table. */
async function eventRows(): Promise<HTMLElement[]> {
  const table = await screen.findByRole('table', { name: 'Audit events, newest first' });
  return within(table).getAllByRole('row').slice(1);
}

describe('localInputToUtc', () => {
  it.each([
    ['', ''],
    ['2026-03-14T09:00', new Date(2026, 2, 14, 9, 0).toISOString().replace('.000Z', 'Z')],
    ['2026-03-14T09:00:30', new Date(2026, 2, 14, 9, 0, 30).toISOString().replace('.000Z', 'Z')],
    ['14/03/2026 09:00', undefined],
    ['2026-02-30T09:00junk', undefined],
  ])('%j becomes %j', (input, expected) => {
    expect(localInputToUtc(input)).toBe(expected);
  });
});

describe('AuditLog', () => {
  it('lists events newest first with who, what, to whom, from where and why', async () => {
    renderPage({
      [`GET ${listPath}`]: listing([
        auditEvent(2, {
          action: 'user.password_reset_forced',
          verified_by_method: 'callback',
          verified_by_note: 'number on file',
          details: { sessions_ended: 2 } as unknown as AuditEvent['details'],
          user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/126.0',
        }),
        auditEvent(1, { actor_id: '', actor_role: '', ip: '', reason: '', target_type: '', target_id: '', action: 'ip.unblocked' }),
      ]),
    });
    const rows = await eventRows();
    expect(rows).toHaveLength(2);
    const [newest, oldest] = rows as [HTMLElement, HTMLElement];
    expect(screen.getByText('Showing all 2 events.')).toBeInTheDocument();

    expect(newest).toHaveTextContent('Event #2');
    expect(newest).toHaveTextContent('user.password_reset_forced');
    expect(newest).toHaveTextContent('usr_support');
    expect(newest).toHaveTextContent('Support staff');
    expect(newest).toHaveTextContent('usr_2');
    expect(newest).toHaveTextContent('198.51.100.7');
    expect(newest).toHaveTextContent('Firefox on Windows');
    expect(newest).toHaveTextContent('Locked out after a holiday');
    expect(newest).toHaveTextContent('Verified: Call-back to a number on file: number on file');
    expect(newest).toHaveTextContent('sessions_ended2');
    expect(within(newest).getByText(/2026/).closest('time')).toHaveAttribute('dateTime', '2026-03-14T15:09:26Z');

    expect(oldest).toHaveTextContent('Event #1');
    expect(oldest).toHaveTextContent('Vouch itself');
    expect(oldest).toHaveTextContent('No address (command line or job)');
    expect(oldest).toHaveTextContent('No reason given');
    expect(screen.getByText('That is the oldest event.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load older events' })).not.toBeInTheDocument();
  });

  it.each<[string, string, string, string]>([
    ['Action starts with', ' User. ', 'action', 'user.'],
    ['Actor id', 'usr_support', 'actor_id', 'usr_support'],
    ['Target id', ' usr_9 ', 'target_id', 'usr_9'],
  ])('sends %s as a query parameter', async (label, typed, param, sent) => {
    const { seen } = renderPage({ [`GET ${listPath}`]: listing([]) });
    await userEvent.type(await screen.findByLabelText(new RegExp(`^${label}`)), typed);
    await userEvent.click(screen.getByRole('button', { name: 'Show events' }));
    await screen.findByText('No events match these filters.');
    const queries = listQueries(seen);
    expect(queries[0]).toEqual({ limit: String(auditPageSize) });
    expect(queries.at(-1)).toEqual({ [param]: sent, limit: String(auditPageSize) });
  });

  it('sends from and until as UTC times', async () => {
    const { seen } = renderPage({ [`GET ${listPath}`]: listing([]) });
    fireEvent.change(await screen.findByLabelText(/^From/), { target: { value: '2026-03-14T09:00' } });
    fireEvent.change(screen.getByLabelText(/^Until/), { target: { value: '2026-03-15T18:30' } });
    await userEvent.click(screen.getByRole('button', { name: 'Show events' }));
    await screen.findByText('No events match these filters.');
    expect(listQueries(seen).at(-1)).toEqual({
      from: localInputToUtc('2026-03-14T09:00'),
      to: localInputToUtc('2026-03-15T18:30'),
      limit: String(auditPageSize),
    });
  });

  it('refuses an until before from without asking the server', async () => {
    const { seen } = renderPage({ [`GET ${listPath}`]: listing([]) });
    fireEvent.change(await screen.findByLabelText(/^From/), { target: { value: '2026-03-15T09:00' } });
    fireEvent.change(screen.getByLabelText(/^Until/), { target: { value: '2026-03-14T09:00' } });
    await screen.findByText('No events have been recorded yet.');
    await userEvent.click(screen.getByRole('button', { name: 'Show events' }));
    const until = screen.getByLabelText(/^Until/);
    expect(until).toHaveAttribute('aria-invalid', 'true');
    expect(until).toHaveAccessibleDescription(/Until must be later than From/);
    expect(until).toHaveFocus();
    expect(listQueries(seen)).toHaveLength(1);
  });

  it('says what to do when no event matches, and clears the filters', async () => {
    const { seen } = renderPage({ [`GET ${listPath}`]: listing([]) });
    await userEvent.type(await screen.findByLabelText(/^Actor id/), 'usr_nobody');
    await userEvent.click(screen.getByRole('button', { name: 'Show events' }));
    expect(await screen.findByText('No events match these filters.')).toBeInTheDocument();
    expect(screen.getByText(/Widen the time range/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Download CSV' })).not.toBeInTheDocument();

    const empty = screen.getByText(/Widen the time range/).parentElement as HTMLElement;
    await userEvent.click(within(empty).getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('No events have been recorded yet.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Actor id/)).toHaveValue('');
    expect(listQueries(seen).at(-1)).toEqual({ limit: String(auditPageSize) });
  });

  it('loads older events with before_seq until a short page arrives', async () => {
    const pages: Record<string, AuditEvent[]> = {
      '': eventsFrom(120, auditPageSize),
      '71': eventsFrom(70, auditPageSize),
      '21': eventsFrom(20, 20),
    };
    const { seen } = renderPage({
      [`GET ${listPath}`]: (request) => listing(pages[new URL(request.url).searchParams.get('before_seq') ?? ''] ?? [])(request),
    });
    expect(await eventRows()).toHaveLength(auditPageSize);
    expect(screen.getByText(`Showing the ${auditPageSize} newest events.`)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Load older events' }));
    expect(await screen.findByText(`Showing the ${2 * auditPageSize} newest events.`)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load older events' })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'Load older events' }));
    expect(await screen.findByText('Showing all 120 events.')).toBeInTheDocument();
    const rows = await eventRows();
    expect(rows).toHaveLength(120);
    expect(rows[0]).toHaveTextContent('Event #120');
    expect(rows.at(-1)).toHaveTextContent('Event #1');
    expect(screen.queryByRole('button', { name: 'Load older events' })).not.toBeInTheDocument();
    expect(screen.getByText('That is the oldest event.')).toHaveFocus();
    expect(listQueries(seen).map((q) => q.before_seq)).toEqual([undefined, '71', '21']);
  });

  it('pages within the filters', async () => {
    const { seen } = renderPage({
      [`GET ${listPath}`]: (request) => {
        const before = Number(new URL(request.url).searchParams.get('before_seq') ?? 0);
        return listing(before ? eventsFrom(before - 1, 5) : eventsFrom(60, auditPageSize))(request);
      },
    });
    await userEvent.type(await screen.findByLabelText(/^Action starts with/), 'user.');
    await userEvent.click(screen.getByRole('button', { name: 'Show events' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Load older events' }));
    await screen.findByText(`Showing all ${auditPageSize + 5} matching events.`);
    expect(listQueries(seen).at(-1)).toEqual({ action: 'user.', before_seq: '11', limit: String(auditPageSize) });
  });

  it('keeps the events shown when an older page fails', async () => {
    renderPage({
      [`GET ${listPath}`]: (request) =>
        new URL(request.url).searchParams.has('before_seq') ? problem(503, 'unavailable') : listing(eventsFrom(60, auditPageSize))(request),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Load older events' }));
    expect(await screen.findByText('Older events could not be loaded')).toBeInTheDocument();
    expect(await eventRows()).toHaveLength(auditPageSize);
    expect(screen.getByRole('button', { name: 'Load older events' })).toBeInTheDocument();
  });

  it('links the CSV export for the filters shown', async () => {
    renderPage({ [`GET ${listPath}`]: listing([auditEvent(1)]) });
    const link = await screen.findByRole('link', { name: 'Download CSV' });
    expect(link).toHaveAttribute('href', `${listPath}?format=csv`);
    expect(link).toHaveAccessibleDescription(/Every event that matches the filters/);

    await userEvent.type(screen.getByLabelText(/^Action starts with/), 'user.');
    await userEvent.type(screen.getByLabelText(/^Target id/), 'usr_1');
    // Typing alone does not change what the link exports: it follows the list.
    expect(link).toHaveAttribute('href', `${listPath}?format=csv`);
    await userEvent.click(screen.getByRole('button', { name: 'Show events' }));
    const href = (await screen.findByRole('link', { name: 'Download CSV' })).getAttribute('href') ?? '';
    const url = new URL(href, 'http://test.invalid');
    expect(url.pathname).toBe(listPath);
    expect(Object.fromEntries(url.searchParams)).toEqual({ action: 'user.', target_id: 'usr_1', format: 'csv' });
  });

  it.each<[string, boolean, boolean, Role[]]>([
    ['a platform administrator', true, true, ['platform_admin']],
    ['support staff', false, true, ['support']],
    ['a customer administrator', false, false, ['customer_admin']],
  ])('for %s: chain check shown %s, organization filter shown %s', async (_, canVerify, orgFilter, roles) => {
    renderPage({ [`GET ${listPath}`]: listing([auditEvent(1)]) }, roles);
    await eventRows();
    expect(screen.queryByRole('button', { name: 'Verify the chain' }) !== null).toBe(canVerify);
    expect(screen.queryByLabelText(/^Organization id/) !== null).toBe(orgFilter);
    expect(screen.queryByText('You see the events of Acme Corp.') !== null).toBe(!orgFilter);
  });

  it.each<[string, AuditVerdict, string, RegExp[]]>([
    [
      'intact',
      { ok: true, checked: 1234, last_seq: 1234, last_hash: 'ab'.repeat(32) },
      'The chain is intact',
      [/1,234 events were checked/, /#1234/, new RegExp('ab'.repeat(32))],
    ],
    [
      'broken',
      { ok: false, checked: 56, first_broken: { seq: 57, event_id: 'aud_57', reason: 'hash mismatch' }, last_seq: 56, last_hash: 'cd'.repeat(32) },
      'The chain is broken at event #57',
      [/altered after it was recorded/, /56 events before it checked out/, /aud_57/],
    ],
    [
      'broken by a gap',
      { ok: false, checked: 9, first_broken: { seq: 11, event_id: 'aud_11', reason: 'seq gap' }, last_seq: 9, last_hash: 'ef'.repeat(32) },
      'The chain is broken at event #11',
      [/events before it are missing/],
    ],
  ])('shows a %s chain plainly', async (_, verdict, title, says) => {
    const { calls } = renderPage(
      { [`GET ${listPath}`]: listing([auditEvent(1)]), [`GET ${verifyPath}`]: () => Response.json(verdict) },
      ['platform_admin'],
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Verify the chain' }));
    const shown = await screen.findByText(title);
    const live = shown.closest('[aria-live="polite"]');
    expect(live).not.toBeNull();
    for (const text of says) expect(live).toHaveTextContent(text);
    expect(calls()).toContain(`GET ${verifyPath}`);
  });

  it('says when the chain could not be checked', async () => {
    renderPage(
      { [`GET ${listPath}`]: listing([auditEvent(1)]), [`GET ${verifyPath}`]: () => problem(503, 'unavailable') },
      ['platform_admin'],
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Verify the chain' }));
    expect(await screen.findByText('The chain could not be checked')).toBeInTheDocument();
  });

  it('offers to try again when the list fails', async () => {
    let fail = true;
    renderPage({ [`GET ${listPath}`]: (request) => (fail ? problem(503, 'unavailable') : listing([auditEvent(1)])(request)) });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The audit log could not be loaded');
    expect(alert).toHaveTextContent('temporarily unavailable');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await eventRows()).toHaveLength(1);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('sends an expired session to sign in and back', async () => {
    renderPage({ [`GET ${listPath}`]: () => problem(401, 'unauthenticated') });
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/sign-in\?next=%2Fadmin%2Faudit$/);
  });

  it('tells a supplier user the page is not for them, without asking the server', async () => {
    const { calls } = renderPage({}, ['supplier_user']);
    expect(await screen.findByText('This page is for administrators and support staff')).toBeInTheDocument();
    expect(calls().some((line) => line.startsWith(`GET ${listPath}`))).toBe(false);
  });

  it('says so when the server refuses the list', async () => {
    renderPage({ [`GET ${listPath}`]: () => problem(403, 'forbidden') });
    expect(await screen.findByText('This page is for administrators and support staff')).toBeInTheDocument();
  });
});
