import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Me } from '../../api/auth';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../../test/server';
import { SiteIpRules, UserIpRules, type UserIpRulesState } from './IpRules';
import type { IpRule } from './IpRulesApi';

const platformAdmin: Me = { ...meFixture, id: 'usr_ops', email: 'ops@vouch.example', roles: ['platform_admin'], org: null };
const yourIp = '198.51.100.23';

const office: IpRule = {
  id: 'ipr_office',
  cidr: '203.0.113.0/24',
  note: 'Head office',
  created_by: 'usr_ops',
  created_at: '2025-03-01T10:00:00Z',
};
const vpn: IpRule = { id: 'ipr_vpn', cidr: '2001:db8::/48', note: '', created_by: 'usr_ops', created_at: '2025-03-02T10:00:00Z' };

const siteList = '/api/v1/admin/ip-rules';
const userList = '/api/v1/admin/users/usr_grace/ip-rules';

function listOf(rules: IpRule[]): Handler {
  return () => Response.json({ rules, your_ip: yourIp });
}

/** Answers a POST with the rule as the server stores it, canonicalised to `stored`. */
function added(stored: string, id = 'ipr_new'): Handler {
  return async (request) => {
    const body = (await request.json()) as { note: string };
    return Response.json({ id, cidr: stored, note: body.note, created_by: 'usr_ops', created_at: '2025-03-03T10:00:00Z' }, { status: 201 });
  };
}

function renderSite(handlers: Record<string, Handler>, me: Me = platformAdmin) {
  return renderRoutes(
    { '/admin/ip-rules': <SiteIpRules /> },
    { path: '/admin/ip-rules', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

function renderUser(handlers: Record<string, Handler>, { me = meFixture, state }: { me?: Me; state?: UserIpRulesState } = {}) {
  return renderRoutes(
    { '/admin/users/:id/ip-rules': <UserIpRules /> },
    {
      path: '/admin/users/usr_grace/ip-rules',
      state: state ?? { email: 'grace@acme.example' },
      handlers: { 'GET /api/v1/me': meHandler(me), ...handlers },
    },
  );
}

const cidrField = () => screen.getByRole('textbox', { name: 'Address or range (CIDR)' });
const noteField = () => screen.getByRole('textbox', { name: 'Note (optional)' });
const addButton = () => screen.getByRole('button', { name: 'Add rule' });

describe('SiteIpRules', () => {
  it('lists the rules with their notes and shows your address', async () => {
    const { calls } = renderSite({ [`GET ${siteList}`]: listOf([office, vpn]) });
    const list = await screen.findByRole('list', { name: 'Rules' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('203.0.113.0/24');
    expect(items[0]).toHaveTextContent('Head office');
    expect(items[1]).toHaveTextContent('2001:db8::/48');
    expect(items[1]).toHaveTextContent('No note');
    expect(within(list).getAllByRole('time')[0]).toHaveAttribute('datetime', office.created_at);
    expect(screen.getByText(/Your address, as Vouch sees it/)).toHaveTextContent(`Your address, as Vouch sees it: ${yourIp}`);
    expect(screen.getByRole('heading', { level: 2, name: 'Site-wide allowed networks' })).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me', `GET ${siteList}`]);
  });

  it('says an empty list allows every address', async () => {
    renderSite({ [`GET ${siteList}`]: listOf([]) });
    expect(await screen.findByText('Every address is allowed.')).toBeInTheDocument();
    expect(screen.getByText(/No site-wide rules: Vouch answers every address/)).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Rules' })).not.toBeInTheDocument();
  });

  it.each([
    ['10.0.0.0/33', 'An IPv4 range ends in /0 to /32; /33 is longer than an IPv4 address.'],
    ['::/-1', 'After the “/” comes a whole number from 0 to 128, the prefix length.'],
    ['', 'Enter an address or a range, for example 203.0.113.0/24.'],
  ])('refuses %j next to the field without asking the server', async (input, message) => {
    const { calls } = renderSite({ [`GET ${siteList}`]: listOf([]) });
    await screen.findByText('Every address is allowed.');
    if (input) await userEvent.type(cidrField(), input);
    await userEvent.click(addButton());
    expect(cidrField()).toHaveAttribute('aria-invalid', 'true');
    expect(cidrField()).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(cidrField()).toHaveFocus();
    expect(calls().filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  it('adds a rule and says how the server stored it', async () => {
    const { bodyOf } = renderSite({ [`GET ${siteList}`]: listOf([office]), [`POST ${siteList}`]: added('10.0.0.0/8') });
    await screen.findByRole('list', { name: 'Rules' });
    await userEvent.type(cidrField(), ' 10.1.2.3/8 ');
    await userEvent.type(noteField(), 'Data centre');
    await userEvent.click(addButton());
    const notice = await screen.findByText('10.0.0.0/8 allowed');
    expect(notice.parentElement).toHaveTextContent('The rule you entered (stored as 10.0.0.0/8) is in force now.');
    expect(bodyOf(`POST ${siteList}`)).toEqual({ cidr: '10.1.2.3/8', note: 'Data centre' });
    const items = within(screen.getByRole('list', { name: 'Rules' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[1]).toHaveTextContent('10.0.0.0/8');
    expect(items[1]).toHaveTextContent('Data centre');
    expect(cidrField()).toHaveValue('');
    expect(noteField()).toHaveValue('');
    expect(cidrField()).toHaveFocus();
  });

  it('does not mention storing when the server kept the rule as entered', async () => {
    renderSite({ [`GET ${siteList}`]: listOf([]), [`POST ${siteList}`]: added('203.0.113.0/24') });
    await screen.findByText('Every address is allowed.');
    await userEvent.type(cidrField(), '203.0.113.0/24{Enter}');
    const notice = await screen.findByText('203.0.113.0/24 allowed');
    expect(notice.parentElement).toHaveTextContent('The rule you entered is in force now.');
    expect(screen.queryByText('Every address is allowed.')).not.toBeInTheDocument();
  });

  it('explains a refusal that would lock you out, naming your address', async () => {
    renderSite({ [`GET ${siteList}`]: listOf([]), [`POST ${siteList}`]: () => problem(409, 'would_lock_out_self') });
    await screen.findByText('Every address is allowed.');
    await userEvent.type(cidrField(), '192.0.2.0/24');
    await userEvent.click(addButton());
    const title = await screen.findByText('The rule was not added');
    expect(title.parentElement).toHaveTextContent(
      `Vouch would then refuse your own address (${yourIp}), and you could not undo it. Add a rule that covers ${yourIp} first.`,
    );
    expect(cidrField()).toHaveValue('192.0.2.0/24');
    expect(screen.getByText('Every address is allowed.')).toBeInTheDocument();
  });

  it("shows the server's field errors next to the fields", async () => {
    renderSite({
      [`GET ${siteList}`]: listOf([]),
      [`POST ${siteList}`]: () =>
        problem(422, 'invalid_input', { errors: [{ field: 'note', message: 'must be at most 500 characters' }] }),
    });
    await screen.findByText('Every address is allowed.');
    await userEvent.type(cidrField(), '192.0.2.0/24');
    await userEvent.type(noteField(), 'Long');
    await userEvent.click(addButton());
    await waitFor(() => expect(noteField()).toHaveAttribute('aria-invalid', 'true'));
    expect(noteField()).toHaveAccessibleDescription(expect.stringContaining('The note must be at most 500 characters.'));
    expect(noteField()).toHaveFocus();
    expect(cidrField()).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('The rule was not added')).not.toBeInTheDocument();
  });

  it("shows the server's own reason for a CIDR it does not take", async () => {
    renderSite({
      [`GET ${siteList}`]: listOf([]),
      [`POST ${siteList}`]: () => problem(422, 'invalid_cidr', { detail: '“010.0.0.1” has a leading zero.' }),
    });
    await screen.findByText('Every address is allowed.');
    await userEvent.type(cidrField(), '10.0.0.1');
    await userEvent.click(addButton());
    await waitFor(() => expect(cidrField()).toHaveAttribute('aria-invalid', 'true'));
    expect(cidrField()).toHaveAccessibleDescription(expect.stringContaining('“010.0.0.1” has a leading zero.'));
    expect(cidrField()).toHaveFocus();
  });

  it('removes a rule once confirmed, and keeps it when you change your mind', async () => {
    const { calls } = renderSite({ [`GET ${siteList}`]: listOf([office, vpn]), [`DELETE ${siteList}/ipr_office`]: noContent });
    const list = await screen.findByRole('list', { name: 'Rules' });
    const remove = within(list).getByRole('button', { name: 'Remove 203.0.113.0/24' });

    await userEvent.click(remove);
    let confirm = within(list).getByRole('group', { name: 'Remove 203.0.113.0/24?' });
    expect(confirm).toHaveTextContent('Addresses in it are refused from the next request');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(within(list).getByRole('button', { name: 'Remove 203.0.113.0/24' })).toHaveFocus();
    expect(calls().filter((c) => c.startsWith('DELETE'))).toEqual([]);

    await userEvent.click(within(list).getByRole('button', { name: 'Remove 203.0.113.0/24' }));
    confirm = within(list).getByRole('group', { name: 'Remove 203.0.113.0/24?' });
    expect(within(confirm).getByRole('button', { name: 'Remove rule' })).toHaveFocus();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Remove rule' }));
    expect(await screen.findByText('203.0.113.0/24 removed')).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).not.toHaveTextContent('203.0.113.0/24');
    expect(cidrField()).toHaveFocus();
    expect(calls().filter((c) => c.startsWith('DELETE'))).toEqual([`DELETE ${siteList}/ipr_office`]);
  });

  it('keeps a rule whose removal would lock you out, and says why', async () => {
    renderSite({
      [`GET ${siteList}`]: listOf([office]),
      [`DELETE ${siteList}/ipr_office`]: () => problem(409, 'would_lock_out_self'),
    });
    const list = await screen.findByRole('list', { name: 'Rules' });
    await userEvent.click(within(list).getByRole('button', { name: 'Remove 203.0.113.0/24' }));
    await userEvent.click(within(list).getByRole('button', { name: 'Remove rule' }));
    const title = await screen.findByText('203.0.113.0/24 was not removed');
    expect(title.parentElement).toHaveTextContent(`Vouch would then refuse your own address (${yourIp})`);
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(within(list).getByRole('button', { name: 'Remove 203.0.113.0/24' })).toHaveFocus();
  });

  it('drops a rule someone else already removed', async () => {
    renderSite({
      [`GET ${siteList}`]: listOf([office]),
      [`DELETE ${siteList}/ipr_office`]: () => problem(404, 'rule_not_found'),
    });
    const list = await screen.findByRole('list', { name: 'Rules' });
    await userEvent.click(within(list).getByRole('button', { name: 'Remove 203.0.113.0/24' }));
    await userEvent.click(within(list).getByRole('button', { name: 'Remove rule' }));
    expect(await screen.findByText('203.0.113.0/24 removed')).toBeInTheDocument();
    expect(screen.getByText('Every address is allowed.')).toBeInTheDocument();
  });

  it('offers to try again when the list cannot be loaded', async () => {
    let fail = true;
    renderSite({
      [`GET ${siteList}`]: (request) => (fail ? problem(503, 'unavailable', {}, { 'Retry-After': '10' }) : listOf([office])(request)),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The rules could not be loaded');
    expect(alert).toHaveTextContent('Try again in 10 seconds.');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Rules' })).toHaveTextContent('203.0.113.0/24');
  });

  it('sends you to sign in when the session ended', async () => {
    renderSite({ [`GET ${siteList}`]: () => problem(401, 'unauthenticated') });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in'));
  });

  it('says so when the server refuses the list', async () => {
    renderSite({ [`GET ${siteList}`]: () => problem(403, 'forbidden') });
    expect(await screen.findByText("You can't manage this list")).toBeInTheDocument();
    expect(screen.getByText('Only platform administrators keep the site-wide list.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a rule' })).not.toBeInTheDocument();
  });

  it.each([
    ['a supplier user', ['supplier_user'] as Me['roles'], 'Supplier user'],
    ['a customer admin', ['customer_admin'] as Me['roles'], 'Customer administrator'],
  ])('tells %s the page is not for them, without asking for the list', async (_, roles, words) => {
    const { calls } = renderSite({}, { ...meFixture, roles });
    expect(await screen.findByText('This page is for platform administrators')).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`signed in as ${words}`))).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to your account' })).toHaveAttribute('href', '/account');
    expect(calls()).toEqual(['GET /api/v1/me']);
  });
});

describe('UserIpRules', () => {
  it("lists a user's rules from the user's endpoints, naming the user", async () => {
    const { calls } = renderUser({ [`GET ${userList}`]: listOf([office]) });
    expect(await screen.findByRole('heading', { level: 1, name: 'IP rules for grace@acme.example' })).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Rules' });
    expect(within(list).getByRole('listitem')).toHaveTextContent('203.0.113.0/24');
    expect(screen.getByRole('heading', { level: 2, name: 'Networks grace@acme.example may use' })).toBeInTheDocument();
    expect(screen.getByText(/These networks may be used by grace@acme\.example/)).toBeInTheDocument();
    expect(screen.getByText(/Your address, as Vouch sees it/)).toHaveTextContent(yourIp);
    expect(screen.getByRole('link', { name: 'Back to users' })).toHaveAttribute('href', '/admin/users');
    expect(calls()).toEqual(['GET /api/v1/me', `GET ${userList}`]);
  });

  it('adds and removes through the user endpoints', async () => {
    const { bodyOf, calls } = renderUser({
      [`GET ${userList}`]: listOf([]),
      [`POST ${userList}`]: added('192.0.2.0/24', 'ipr_lab'),
      [`DELETE ${userList}/ipr_lab`]: noContent,
    });
    expect(await screen.findByText(/No rules: grace@acme\.example may sign in from any address/)).toBeInTheDocument();
    await userEvent.type(cidrField(), '192.0.2.0/24');
    await userEvent.click(addButton());
    expect(await screen.findByText('192.0.2.0/24 allowed')).toBeInTheDocument();
    expect(bodyOf(`POST ${userList}`)).toEqual({ cidr: '192.0.2.0/24', note: '' });

    const list = screen.getByRole('list', { name: 'Rules' });
    await userEvent.click(within(list).getByRole('button', { name: 'Remove 192.0.2.0/24' }));
    await userEvent.click(within(list).getByRole('button', { name: 'Remove rule' }));
    expect(await screen.findByText('192.0.2.0/24 removed')).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me', `GET ${userList}`, `POST ${userList}`, `DELETE ${userList}/ipr_lab`]);
  });

  it('says whose access a lock-out refusal is about when you edit your own list', async () => {
    renderUser({ [`GET ${userList}`]: listOf([]), [`POST ${userList}`]: () => problem(409, 'would_lock_out_self') });
    await screen.findByText(/No rules/);
    await userEvent.type(cidrField(), '192.0.2.0/24');
    await userEvent.click(addButton());
    const title = await screen.findByText('The rule was not added');
    expect(title.parentElement).toHaveTextContent(
      `You would lose access from your own address (${yourIp}). Add a rule that covers ${yourIp} first.`,
    );
  });

  it('names the user generically when opened without the e-mail (a shared link)', async () => {
    renderRoutes(
      { '/admin/users/:id/ip-rules': <UserIpRules /> },
      { path: '/admin/users/usr_grace/ip-rules', handlers: { 'GET /api/v1/me': meHandler(meFixture), [`GET ${userList}`]: listOf([]) } },
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'IP rules for a user' })).toBeInTheDocument();
    expect(await screen.findByText(/No rules: this user may sign in from any address/)).toBeInTheDocument();
  });

  it('says so when the user is outside what you can manage', async () => {
    renderUser({ [`GET ${userList}`]: () => problem(403, 'forbidden') });
    expect(await screen.findByText("You can't manage this list")).toBeInTheDocument();
    expect(screen.getByText('This user is outside what you can manage.')).toBeInTheDocument();
  });

  it('tells a supplier user the page is not for them, without asking for the list', async () => {
    const { calls } = renderUser({}, { me: { ...meFixture, roles: ['supplier_user'] } });
    expect(await screen.findByText('This page is for administrators and support staff')).toBeInTheDocument();
    expect(screen.getByText(/signed in as Supplier user, which does not include managing IP rules/)).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me']);
  });
});
