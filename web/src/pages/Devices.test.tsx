import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MyDevice } from '../api/devices';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { Account } from './Account';

const laptop: MyDevice = {
  id: 'tok_1',
  name: 'Ann’s laptop',
  scopes: ['profile'],
  created_at: '2025-03-01T10:00:00Z',
  last_used_at: null,
};

function renderAccount(handlers: Record<string, Handler>) {
  return renderRoutes(
    { '/account': <Account /> },
    {
      path: '/account',
      handlers: {
        'GET /api/v1/me': meHandler(meFixture),
        'GET /api/v1/me/passkeys': () => Response.json({ passkeys: [] }),
        'GET /api/v1/me/sessions': () => Response.json({ sessions: [] }),
        ...handlers,
      },
    },
  );
}

const section = () => screen.getByRole('region', { name: 'Devices' });

describe('Devices', () => {
  it('says how to connect one when there is none', async () => {
    renderAccount({ 'GET /api/v1/me/devices': () => Response.json({ devices: [] }) });
    expect(await within(await screen.findByRole('region', { name: 'Devices' })).findByText(/No devices yet/)).toBeInTheDocument();
  });

  it('lists devices and disconnects one after a confirmation', async () => {
    const { calls } = renderAccount({
      'GET /api/v1/me/devices': () => Response.json({ devices: [laptop] }),
      'DELETE /api/v1/me/devices/tok_1': noContent,
    });
    const list = await screen.findByRole('list', { name: 'Your devices' });
    expect(list).toHaveTextContent('Ann’s laptop');
    expect(list).toHaveTextContent('Not used yet');
    await userEvent.click(within(list).getByRole('button', { name: /^Disconnect Ann’s laptop/ }));
    expect(calls()).not.toContain('DELETE /api/v1/me/devices/tok_1');
    await userEvent.click(within(list).getByRole('button', { name: 'Disconnect this device' }));
    expect(await within(section()).findByText('Disconnected Ann’s laptop')).toBeInTheDocument();
    expect(calls()).toContain('DELETE /api/v1/me/devices/tok_1');
    expect(screen.queryByRole('list', { name: 'Your devices' })).not.toBeInTheDocument();
    expect(within(section()).getByRole('heading', { name: 'Devices' })).toHaveFocus();
  });

  it('says so when a device could not be disconnected', async () => {
    renderAccount({
      'GET /api/v1/me/devices': () => Response.json({ devices: [laptop] }),
      'DELETE /api/v1/me/devices/tok_1': () => problem(503, 'unavailable'),
    });
    const list = await screen.findByRole('list', { name: 'Your devices' });
    await userEvent.click(within(list).getByRole('button', { name: /^Disconnect Ann’s laptop/ }));
    await userEvent.click(within(list).getByRole('button', { name: 'Disconnect this device' }));
    expect(await within(section()).findByText('Ann’s laptop was not disconnected')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Your devices' })).toHaveTextContent('Ann’s laptop');
  });
});
