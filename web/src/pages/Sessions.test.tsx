import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MySession } from '../api/sessions';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { Account } from './Account';

const chromeUA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const iphoneUA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

const here: MySession = {
  id: 'ses_1',
  created_at: '2025-03-01T10:00:00Z',
  last_seen_at: '2025-03-02T10:00:00Z',
  expires_at: '2025-03-09T10:00:00Z',
  ip: '203.0.113.7',
  user_agent: chromeUA,
  current: true,
};
const phone: MySession = { ...here, id: 'ses_2', ip: '198.51.100.4', user_agent: iphoneUA, current: false };

function renderAccount(handlers: Record<string, Handler>) {
  return renderRoutes(
    { '/account': <Account /> },
    {
      path: '/account',
      handlers: {
        'GET /api/v1/me': meHandler(meFixture),
        'GET /api/v1/me/passkeys': () => Response.json({ passkeys: [] }),
        ...handlers,
      },
    },
  );
}

const listing = (sessions: MySession[]): Handler => () => Response.json({ sessions });
const section = () => screen.getByRole('region', { name: 'Where you’re signed in' });

describe('Where you’re signed in', () => {
  it('lists sessions in plain words and marks this device', async () => {
    renderAccount({ 'GET /api/v1/me/sessions': listing([here, phone]) });
    const list = await screen.findByRole('list', { name: 'Your sessions' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first).toHaveTextContent('Chrome on Windows');
    expect(first).toHaveTextContent('This device');
    expect(first).toHaveTextContent('IP address 203.0.113.7');
    expect(first).toHaveTextContent('Last active');
    expect(first?.querySelector('time')).toHaveAttribute('datetime', '2025-03-02T10:00:00Z');
    // The current session is signed out from the header, not here.
    expect(within(first as HTMLElement).queryByRole('button')).not.toBeInTheDocument();
    expect(second).toHaveTextContent('Safari on iPhone');
    expect(second).not.toHaveTextContent('This device');
    expect(within(second as HTMLElement).getByRole('button', { name: /^Sign out Safari on iPhone/ })).toBeInTheDocument();
  });

  it('signs out another session after a confirmation', async () => {
    const { calls } = renderAccount({
      'GET /api/v1/me/sessions': listing([here, phone]),
      'DELETE /api/v1/me/sessions/ses_2': noContent,
    });
    await userEvent.click(await screen.findByRole('button', { name: /^Sign out Safari on iPhone/ }));
    const confirm = screen.getByRole('group', { name: 'Sign out Safari on iPhone?' });
    expect(within(confirm).getByRole('button', { name: 'Sign out this session' })).toHaveFocus();

    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(calls()).not.toContain('DELETE /api/v1/me/sessions/ses_2');
    expect(screen.getByRole('button', { name: /^Sign out Safari on iPhone/ })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: /^Sign out Safari on iPhone/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign out this session' }));
    expect(await within(section()).findByText('Signed out Safari on iPhone')).toBeInTheDocument();
    expect(calls()).toContain('DELETE /api/v1/me/sessions/ses_2');
    expect(within(screen.getByRole('list', { name: 'Your sessions' })).getAllByRole('listitem')).toHaveLength(1);
  });

  it('treats a session that already ended as signed out', async () => {
    renderAccount({
      'GET /api/v1/me/sessions': listing([here, phone]),
      'DELETE /api/v1/me/sessions/ses_2': () => problem(404, 'session_not_found'),
    });
    await userEvent.click(await screen.findByRole('button', { name: /^Sign out Safari on iPhone/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign out this session' }));
    expect(await within(section()).findByText('Signed out Safari on iPhone')).toBeInTheDocument();
  });

  it('says so when signing out fails, and keeps the session listed', async () => {
    renderAccount({
      'GET /api/v1/me/sessions': listing([here, phone]),
      'DELETE /api/v1/me/sessions/ses_2': () => problem(403, 'forbidden'),
    });
    await userEvent.click(await screen.findByRole('button', { name: /^Sign out Safari on iPhone/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign out this session' }));
    expect(await within(section()).findByText('Safari on iPhone was not signed out')).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Your sessions' })).getAllByRole('listitem')).toHaveLength(2);
  });

  it('offers to try again when the list fails to load', async () => {
    let fail = true;
    renderAccount({
      'GET /api/v1/me/sessions': () => (fail ? problem(503, 'unavailable') : Response.json({ sessions: [here] })),
    });
    expect(await screen.findByText('Your sessions could not be loaded')).toBeInTheDocument();
    fail = false;
    await userEvent.click(within(section()).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Your sessions' })).toHaveTextContent('This device');
  });
});
