import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Recovery } from '../../api/recovery';
import { meFixture, meHandler, noContent, renderRoutes, type Handler } from '../../test/server';
import { Recoveries } from './Recoveries';

const bob: Recovery = {
  id: 'rcv_1',
  user_id: 'usr_2',
  user_email: 'bob@acme.example',
  user_name: 'Bob',
  status: 'waiting',
  requested_ip: '203.0.113.9',
  created_at: '2025-03-01T10:00:00Z',
  ready_at: '2025-03-02T10:00:00Z',
};

function renderPage(handlers: Record<string, Handler>, me = meFixture) {
  return renderRoutes(
    { '/admin/recoveries': <Recoveries /> },
    { path: '/admin/recoveries', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

describe('Recoveries', () => {
  it('says when nothing is waiting', async () => {
    renderPage({ 'GET /api/v1/admin/recoveries': () => Response.json({ recoveries: [] }) });
    expect(await screen.findByText('No recoveries are waiting.')).toBeInTheDocument();
  });

  it('cancels a recovery with a reason', async () => {
    const { bodyOf } = renderPage({
      'GET /api/v1/admin/recoveries': () => Response.json({ recoveries: [bob] }),
      'POST /api/v1/admin/recoveries/rcv_1/cancel': noContent,
    });
    const list = await screen.findByRole('list', { name: 'Waiting recoveries' });
    const item = within(list).getByRole('listitem');
    expect(item).toHaveTextContent('Bob (bob@acme.example)');
    expect(item).toHaveTextContent('203.0.113.9');
    await userEvent.click(within(item).getByRole('button', { name: 'Cancel the recovery of bob@acme.example' }));
    const reason = within(item).getByLabelText(/^Reason/);
    expect(reason).toHaveFocus();
    await userEvent.click(within(item).getByRole('button', { name: 'Cancel recovery' }));
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    await userEvent.type(reason, 'Bob has his phone');
    await userEvent.click(within(item).getByRole('button', { name: 'Cancel recovery' }));
    expect(await screen.findByText('Recovery of bob@acme.example cancelled')).toBeInTheDocument();
    expect(screen.getByText('No recoveries are waiting.')).toBeInTheDocument();
    expect(bodyOf('POST /api/v1/admin/recoveries/rcv_1/cancel')).toEqual({ reason: 'Bob has his phone' });
  });

  it('tells a supplier user the page is not for them', async () => {
    renderPage({}, { ...meFixture, roles: ['supplier_user'] });
    expect(await screen.findByText('This page is for administrators')).toBeInTheDocument();
  });
});
