import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RiskAlert } from '../../api/alerts';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../../test/server';
import { AlertsPage } from './Alerts';

/** A stand-in for the browser's EventSource: tests fire its events by hand. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readonly url: string;
  readonly withCredentials: boolean;
  readyState = FakeEventSource.CONNECTING;
  private listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(url: string, init?: EventSourceInit) {
    this.url = url;
    this.withCredentials = init?.withCredentials ?? false;
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  emit(type: string, data?: unknown) {
    if (type === 'open') this.readyState = FakeEventSource.OPEN;
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data: JSON.stringify(data) });
    act(() => {
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    });
  }
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function stream(): FakeEventSource {
  const source = FakeEventSource.instances.at(-1);
  if (!source) throw new Error('no EventSource was opened');
  return source;
}

const closedForCause: RiskAlert = {
  id: 'alr_1',
  supplier_id: 'org_sup',
  supplier_name: 'Widget Works',
  bank_account_id: 'bac_1',
  kind: 'bank_account_closed_for_cause',
  severity: 'high',
  detail: 'The bank closed the account ending 6789 for cause.',
  created_at: '2026-12-01T09:00:00Z',
  resolved_at: null,
  resolution_note: '',
};

const shared: RiskAlert = {
  ...closedForCause,
  id: 'alr_2',
  supplier_id: 'org_gad',
  supplier_name: 'Gadget Co',
  kind: 'bank_account_shared',
  severity: 'medium',
  detail: 'The account ending 4321 is also verified for another supplier.',
  created_at: '2026-12-02T09:00:00Z',
};

function renderPage(handlers: Record<string, Handler>, me = meFixture) {
  return renderRoutes(
    { '/alerts': <AlertsPage /> },
    { path: '/alerts', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

function topItems(list: HTMLElement): HTMLElement[] {
  return within(list)
    .getAllByRole('listitem')
    .filter((li) => li.parentElement === list);
}

describe('Risk alerts', () => {
  it('lists open alerts with severity, supplier, detail and time', async () => {
    const { calls } = renderPage({ 'GET /api/v1/alerts': () => Response.json({ alerts: [closedForCause] }) });
    const list = await screen.findByRole('list', { name: 'Open alerts' });
    const [item] = topItems(list) as [HTMLElement];
    expect(item).toHaveTextContent('High risk');
    expect(within(item).getByRole('heading', { name: 'Bank account closed for cause: Widget Works' })).toBeInTheDocument();
    expect(within(item).getByRole('link', { name: 'Widget Works' })).toHaveAttribute('href', '/reviews/org_sup');
    expect(item).toHaveTextContent('The bank closed the account ending 6789 for cause.');
    expect(within(item).getByText(/2026/, { selector: 'time' })).toHaveAttribute('datetime', '2026-12-01T09:00:00Z');
    expect(calls()).toContain('GET /api/v1/alerts?status=open');
    expect(stream().url).toBe(`${window.location.origin}/api/v1/alerts/stream`);
    expect(stream().withCredentials).toBe(true);
  });

  it('has a helpful empty state', async () => {
    renderPage({ 'GET /api/v1/alerts': () => Response.json({ alerts: [] }) });
    expect(await screen.findByText('No open alerts. All clear.')).toBeInTheDocument();
    expect(screen.getByText(/New alerts appear here as soon as they are raised/)).toBeInTheDocument();
  });

  it('reloads on every (re)connection and announces alerts that arrive live', async () => {
    const { calls } = renderPage({ 'GET /api/v1/alerts': () => Response.json({ alerts: [closedForCause] }) });
    const list = await screen.findByRole('list', { name: 'Open alerts' });
    stream().emit('open');
    expect(screen.getByText(/^Live: new alerts appear here/)).toBeInTheDocument();
    await vi.waitFor(() => expect(calls().filter((c) => c === 'GET /api/v1/alerts?status=open')).toHaveLength(2));

    stream().emit('alert', shared);
    const items = topItems(list);
    expect(items).toHaveLength(2);
    // Newest first.
    expect(items[0]).toHaveTextContent('Gadget Co');
    const announcer = screen.getAllByRole('status').find((el) => el.classList.contains('alerts__announcer'));
    expect(announcer).toHaveTextContent(
      'New medium risk alert: Bank account shared with another supplier, Gadget Co. The account ending 4321 is also verified for another supplier.',
    );
    // The same alert again (a reload raced the stream) is shown once.
    stream().emit('alert', shared);
    expect(topItems(list)).toHaveLength(2);

    stream().emit('error');
    expect(screen.getByText('Live updates paused; reconnecting…')).toBeInTheDocument();
  });

  it('resolves an alert with a note', async () => {
    const { bodyOf } = renderPage({
      'GET /api/v1/alerts': () => Response.json({ alerts: [closedForCause, shared] }),
      'POST /api/v1/alerts/alr_1/resolve': () =>
        Response.json({ ...closedForCause, resolved_at: '2026-12-02T10:00:00Z', resolution_note: 'Supplier replaced the account.' }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Resolve the alert about Widget Works' }));
    const form = screen.getByRole('form', { name: 'Resolve the alert about Widget Works' });
    const note = within(form).getByLabelText(/^Note/);
    expect(note).toHaveFocus();
    await userEvent.click(within(form).getByRole('button', { name: 'Resolve alert' }));
    expect(note).toHaveAttribute('aria-invalid', 'true');

    await userEvent.type(note, 'Supplier replaced the account.');
    await userEvent.click(within(form).getByRole('button', { name: 'Resolve alert' }));
    expect(await screen.findByText('Alert resolved')).toBeInTheDocument();
    expect(bodyOf('POST /api/v1/alerts/alr_1/resolve')).toEqual({ note: 'Supplier replaced the account.' });
    const list = screen.getByRole('list', { name: 'Open alerts' });
    expect(topItems(list)).toHaveLength(1);
    expect(list).not.toHaveTextContent('Widget Works');
  });

  it('says when someone else resolved it first, and reloads', async () => {
    const { calls } = renderPage({
      'GET /api/v1/alerts': () => Response.json({ alerts: [closedForCause] }),
      'POST /api/v1/alerts/alr_1/resolve': () => problem(409, 'alert_resolved'),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Resolve the alert about Widget Works' }));
    await userEvent.type(screen.getByLabelText(/^Note/), 'Checked.');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve alert' }));
    expect(await screen.findByText('Someone already resolved this alert. The list has been updated.')).toBeInTheDocument();
    await vi.waitFor(() => expect(calls().filter((c) => c === 'GET /api/v1/alerts?status=open')).toHaveLength(2));
  });

  it('shows resolved alerts, with their note, on request', async () => {
    const { calls } = renderPage({
      'GET /api/v1/alerts': (request) =>
        Response.json({
          alerts:
            new URL(request.url).searchParams.get('status') === 'all'
              ? [shared, { ...closedForCause, resolved_at: '2026-12-01T12:00:00Z', resolution_note: 'Account removed.' }]
              : [shared],
        }),
    });
    await screen.findByRole('list', { name: 'Open alerts' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Show resolved alerts too' }));
    const list = await screen.findByRole('list', { name: 'All alerts' });
    expect(calls()).toContain('GET /api/v1/alerts?status=all');
    const resolved = topItems(list)[1];
    expect(resolved).toHaveTextContent('Resolved');
    expect(resolved).toHaveTextContent('“Account removed.”');
    expect(within(resolved as HTMLElement).queryByRole('button', { name: /Resolve/ })).not.toBeInTheDocument();
  });

  it('tells other roles the page is for customer administrators', async () => {
    renderPage({}, { ...meFixture, roles: ['supplier_user'], org: { id: 'org_sup', kind: 'supplier', name: 'Widget Works' } });
    expect(await screen.findByText('This page is for customer administrators')).toBeInTheDocument();
    expect(FakeEventSource.instances).toHaveLength(0);
  });
});
