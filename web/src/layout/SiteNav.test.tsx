import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { SiteNav } from './SiteNav';

function renderNav(me: Handler, logout: Handler = noContent) {
  return renderRoutes(
    { '*': <SiteNav /> },
    { path: '/account', handlers: { 'GET /api/v1/me': me, 'POST /api/v1/auth/logout': logout } },
  );
}

const nav = () => screen.getByRole('navigation', { name: 'Main' });

describe('SiteNav', () => {
  it('offers Sign in to the signed-out', async () => {
    renderNav(meHandler(undefined));
    expect(await screen.findByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
  });

  it('shows neither while the session is loading', () => {
    renderNav(() => new Promise<Response>(() => undefined));
    expect(screen.queryByRole('link', { name: 'Sign in' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
  });

  it('shows the e-mail, Account and Users to a customer admin', async () => {
    renderNav(meHandler(meFixture));
    expect(await screen.findByText('ada@acme.example')).toBeInTheDocument();
    expect(nav()).toHaveTextContent('Signed in as ada@acme.example');
    expect(screen.getByRole('link', { name: 'Account' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Users' })).toHaveAttribute('href', '/admin/users');
    expect(screen.getByRole('link', { name: 'API keys' })).toHaveAttribute('href', '/admin/api-keys');
    expect(screen.queryByRole('link', { name: 'Sign in' })).not.toBeInTheDocument();
  });

  it('shows API keys only to a customer admin', async () => {
    renderNav(meHandler({ ...meFixture, roles: ['support'], org: null }));
    await screen.findByRole('link', { name: 'Users' });
    expect(screen.queryByRole('link', { name: 'API keys' })).not.toBeInTheDocument();
  });

  it('shows Blocked addresses right after IP rules to a platform admin', async () => {
    renderNav(meHandler({ ...meFixture, roles: ['platform_admin'], org: null }));
    const link = await screen.findByRole('link', { name: 'Blocked addresses' });
    expect(link).toHaveAttribute('href', '/admin/ip-blocks');
    const names = screen.getAllByRole('link').map((l) => l.textContent);
    expect(names[names.indexOf('IP rules') + 1]).toBe('Blocked addresses');
  });

  it('shows Blocked addresses to support staff', async () => {
    renderNav(meHandler({ ...meFixture, roles: ['support'], org: null }));
    expect(await screen.findByRole('link', { name: 'Blocked addresses' })).toHaveAttribute('href', '/admin/ip-blocks');
  });

  it('hides Blocked addresses from a customer admin', async () => {
    renderNav(meHandler(meFixture));
    await screen.findByRole('link', { name: 'Users' });
    expect(screen.queryByRole('link', { name: 'Blocked addresses' })).not.toBeInTheDocument();
  });

  it('shows Suppliers and Reviews to a customer admin, and Onboarding to a supplier', async () => {
    renderNav(meHandler(meFixture));
    expect(await screen.findByRole('link', { name: 'Suppliers' })).toHaveAttribute('href', '/invitations');
    expect(screen.getByRole('link', { name: 'Reviews' })).toHaveAttribute('href', '/reviews');
    expect(screen.queryByRole('link', { name: 'Onboarding' })).not.toBeInTheDocument();
  });

  it('shows Onboarding first to a supplier, and no Suppliers or Reviews', async () => {
    renderNav(meHandler({ ...meFixture, roles: ['supplier_user'] }));
    expect(await screen.findByRole('link', { name: 'Onboarding' })).toHaveAttribute('href', '/onboarding');
    const names = screen.getAllByRole('link').map((l) => l.textContent);
    expect(names.indexOf('Onboarding')).toBeLessThan(names.indexOf('Account'));
    expect(screen.queryByRole('link', { name: 'Suppliers' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Reviews' })).not.toBeInTheDocument();
  });

  it('hides Users from a supplier', async () => {
    renderNav(meHandler({ ...meFixture, roles: ['supplier_user'] }));
    await screen.findByRole('link', { name: 'Account' });
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'API keys' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Blocked addresses' })).not.toBeInTheDocument();
  });

  it('signs out and goes home', async () => {
    const { calls } = renderNav(meHandler(meFixture));
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/));
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/logout']);
  });

  it('says so when sign-out fails, and stays signed in', async () => {
    renderNav(meHandler(meFixture), () => problem(503, 'unavailable'));
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-out failed. Vouch is temporarily unavailable.');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });
});
