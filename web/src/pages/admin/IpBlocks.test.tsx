import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Me } from '../../api/auth';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../../test/server';
import { IpBlocks } from './IpBlocks';
import type { IpBlock } from './IpBlocksApi';

const platformAdmin: Me = { ...meFixture, id: 'usr_ops', email: 'ops@vouch.example', roles: ['platform_admin'], org: null };
const support: Me = { ...platformAdmin, id: 'usr_help', email: 'help@vouch.example', roles: ['support'] };

const scripted: IpBlock = {
  ip: '203.0.113.7',
  trips: 5,
  rule: 'login-ip',
  blocked_at: '2025-03-01T10:00:00Z',
  until: '2025-03-01T10:30:00Z',
};
const v6: IpBlock = {
  ip: '2001:db8::7',
  trips: 6,
  rule: 'brand-new-limit',
  blocked_at: '2025-03-01T10:05:00Z',
  until: '2025-03-01T10:35:00Z',
};

const list = '/api/v1/admin/ip-blocks';
const v6Path = `${list}/2001%3Adb8%3A%3A7`;

function listOf(blocks: IpBlock[]): Handler {
  return () => Response.json({ blocks });
}

function renderPage(handlers: Record<string, Handler>, me: Me = platformAdmin) {
  return renderRoutes(
    { '/admin/ip-blocks': <IpBlocks /> },
    { path: '/admin/ip-blocks', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

const blockList = () => screen.findByRole('list', { name: 'Blocked addresses' });

async function lift(item: HTMLElement, ip: string, reason: string) {
  await userEvent.click(within(item).getByRole('button', { name: `Lift the block on ${ip}` }));
  const field = within(item).getByLabelText(/^Reason/);
  expect(field).toHaveFocus();
  await userEvent.type(field, reason);
  await userEvent.click(within(item).getByRole('button', { name: 'Lift block' }));
}

describe('IpBlocks', () => {
  it('lists each block with the limit, the refusals and when it started and ends', async () => {
    const { calls } = renderPage({ [`GET ${list}`]: listOf([scripted, v6]) });
    expect(screen.getByRole('heading', { level: 1, name: 'Blocked addresses' })).toBeInTheDocument();
    const items = within(await blockList()).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const [first, second] = items as [HTMLElement, HTMLElement];
    expect(within(first).getByText('203.0.113.7').tagName).toBe('CODE');
    expect(first).toHaveTextContent('Limit tripped');
    expect(first).toHaveTextContent('Password sign-ins from one address (login-ip)');
    expect(first).toHaveTextContent('Refused requests5');
    const times = within(first).getAllByRole('time');
    expect(times.map((t) => t.getAttribute('datetime'))).toEqual([scripted.blocked_at, scripted.until]);
    // A limit this build has no words for shows by its name.
    expect(within(second).getByText('brand-new-limit').tagName).toBe('CODE');
    expect(second).toHaveTextContent('2001:db8::7');
    expect(screen.getByText(/the block ends by itself/)).toBeInTheDocument();
    expect(screen.queryByText(/Only platform administrators can lift/)).not.toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me', `GET ${list}`]);
  });

  it('lifts a block with a reason, sending the address encoded, and drops the row', async () => {
    const { calls, bodyOf } = renderPage({ [`GET ${list}`]: listOf([scripted, v6]), [`DELETE ${v6Path}`]: noContent });
    const item = within(await blockList()).getAllByRole('listitem')[1] as HTMLElement;

    await userEvent.click(within(item).getByRole('button', { name: 'Lift the block on 2001:db8::7' }));
    await userEvent.click(within(item).getByRole('button', { name: 'Lift block' }));
    expect(within(item).getByLabelText(/^Reason/)).toHaveAttribute('aria-invalid', 'true');
    expect(calls().filter((c) => c.startsWith('DELETE'))).toEqual([]);

    await userEvent.type(within(item).getByLabelText(/^Reason/), 'Our office NAT, a test script ran wild');
    await userEvent.click(within(item).getByRole('button', { name: 'Lift block' }));
    const title = await screen.findByText('Block on 2001:db8::7 lifted');
    expect(title.closest('[aria-live]')).toHaveFocus();
    expect(calls().filter((c) => c.startsWith('DELETE'))).toEqual([`DELETE ${v6Path}`]);
    expect(bodyOf(`DELETE ${v6Path}`)).toEqual({ reason: 'Our office NAT, a test script ran wild' });
    const left = within(await blockList()).getAllByRole('listitem');
    expect(left).toHaveLength(1);
    expect(left[0]).toHaveTextContent('203.0.113.7');
  });

  it('keeps a block when you change your mind', async () => {
    const { calls } = renderPage({ [`GET ${list}`]: listOf([scripted]) });
    const item = within(await blockList()).getByRole('listitem');
    await userEvent.click(within(item).getByRole('button', { name: 'Lift the block on 203.0.113.7' }));
    await userEvent.click(within(item).getByRole('button', { name: 'Keep it' }));
    expect(within(item).getByRole('button', { name: 'Lift the block on 203.0.113.7' })).toHaveFocus();
    expect(calls().filter((c) => c.startsWith('DELETE'))).toEqual([]);
  });

  it('drops a block that already ended, with an info notice', async () => {
    renderPage({
      [`GET ${list}`]: listOf([scripted]),
      [`DELETE ${list}/203.0.113.7`]: () => problem(404, 'ip_block_not_found'),
    });
    await lift(within(await blockList()).getByRole('listitem'), '203.0.113.7', 'False alarm');
    const title = await screen.findByText('203.0.113.7 is no longer blocked');
    expect(title.closest('.alert')).toHaveClass('alert--info');
    expect(screen.getByText('No address is blocked.')).toBeInTheDocument();
  });

  it('keeps the row and says why when the lift fails', async () => {
    renderPage({
      [`GET ${list}`]: listOf([scripted]),
      [`DELETE ${list}/203.0.113.7`]: () => problem(503, 'unavailable', {}, { 'Retry-After': '10' }),
    });
    const item = within(await blockList()).getByRole('listitem');
    await lift(item, '203.0.113.7', 'False alarm');
    const title = await screen.findByText('The block on 203.0.113.7 was not lifted');
    expect(title.closest('[aria-live]')).toHaveTextContent('Try again in 10 seconds.');
    expect(within(item).getByLabelText(/^Reason/)).toHaveValue('False alarm');
    expect(within(item).getByRole('button', { name: 'Lift block' })).not.toHaveAttribute('aria-busy', 'true');
  });

  it('shows support staff the blocks without a way to lift them', async () => {
    renderPage({ [`GET ${list}`]: listOf([scripted]) }, support);
    const item = within(await blockList()).getByRole('listitem');
    expect(item).toHaveTextContent('203.0.113.7');
    expect(screen.queryByRole('button', { name: /Lift/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Only platform administrators can lift a block early/)).toBeInTheDocument();
  });

  it('says when no address is blocked', async () => {
    renderPage({ [`GET ${list}`]: listOf([]) });
    expect(await screen.findByText('No address is blocked.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Blocked addresses' })).not.toBeInTheDocument();
  });

  it('offers to try again when the list cannot be loaded', async () => {
    let fail = true;
    renderPage({ [`GET ${list}`]: (request) => (fail ? problem(503, 'unavailable') : listOf([scripted])(request)) });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The blocked addresses could not be loaded');
    expect(alert).toHaveTextContent('Vouch is temporarily unavailable.');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await blockList()).toHaveTextContent('203.0.113.7');
  });

  it('sends you to sign in when the session ended', async () => {
    renderPage({ [`GET ${list}`]: () => problem(401, 'unauthenticated') });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in'));
  });

  it('tells a supplier user the page is not for them, without asking for the list', async () => {
    const { calls } = renderPage({}, { ...meFixture, roles: ['supplier_user'] });
    expect(await screen.findByText('This page is for platform staff')).toBeInTheDocument();
    expect(screen.getByText(/signed in as Supplier user/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to your account' })).toHaveAttribute('href', '/account');
    expect(calls()).toEqual(['GET /api/v1/me']);
  });
});
