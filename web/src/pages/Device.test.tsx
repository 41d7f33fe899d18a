import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DeviceRequest } from '../api/devices';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { Device } from './Device';

const request: DeviceRequest = {
  user_code: 'BCDF-GHJK',
  device_name: 'Ann’s laptop',
  ip: '203.0.113.7',
  created_at: '2025-03-01T10:00:00Z',
  expires_at: '2025-03-01T10:10:00Z',
  status: 'pending',
};

function renderDevice(path: string, handlers: Record<string, Handler>) {
  return renderRoutes({ '/device': <Device /> }, { path, handlers: { 'GET /api/v1/me': meHandler(meFixture), ...handlers } });
}

describe('Connect a device', () => {
  it('shows the prefilled request and approves it', async () => {
    const { calls } = renderDevice('/device?code=BCDF-GHJK', {
      'GET /api/v1/auth/device/BCDF-GHJK': () => Response.json(request),
      'POST /api/v1/auth/device/BCDF-GHJK/approve': noContent,
    });
    const field = await screen.findByLabelText(/Code from the desktop app/);
    expect(field).toHaveValue('BCDF-GHJK');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { name: 'Connect Ann’s laptop?' })).toHaveFocus();
    expect(screen.getByText('203.0.113.7')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('heading', { name: 'Device connected' })).toHaveFocus();
    expect(calls().some((c) => c.startsWith('POST /api/v1/auth/device/BCDF-GHJK/approve'))).toBe(true);
  });

  it('denies a request', async () => {
    renderDevice('/device?code=BCDF-GHJK', {
      'GET /api/v1/auth/device/BCDF-GHJK': () => Response.json(request),
      'POST /api/v1/auth/device/BCDF-GHJK/deny': noContent,
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Deny' }));
    expect(await screen.findByRole('heading', { name: 'Device refused' })).toBeInTheDocument();
  });

  it('checks the code before asking, and explains an unknown one', async () => {
    renderDevice('/device', {
      'GET /api/v1/auth/device/BCDF-GHJX': () => problem(404, 'device_code_not_found'),
    });
    const field = await screen.findByLabelText(/Code from the desktop app/);
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(field).toHaveAccessibleDescription(/Enter the code the desktop app shows/);
    await userEvent.type(field, 'bcd');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(field).toHaveAccessibleDescription(/8 letters/);
    await userEvent.clear(field);
    await userEvent.type(field, 'BCDF-GHJX');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No device is waiting with that code');
  });
});
