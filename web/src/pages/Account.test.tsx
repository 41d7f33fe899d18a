import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SiteNav } from '../layout/SiteNav';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { Account } from './Account';

function renderAccount(me: Handler) {
  return renderRoutes({ '/account': <Account /> }, { path: '/account', handlers: { 'GET /api/v1/me': me } });
}

describe('Account', () => {
  it('shows who is signed in, the roles in words and the organization', async () => {
    renderAccount(meHandler({ ...meFixture, roles: ['customer_admin', 'support'] }));
    expect(await screen.findByText('ada@acme.example')).toBeInTheDocument();
    expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as ada@acme.example (Ada Lovelace)');
    expect(screen.getByText('Customer administrator')).toBeInTheDocument();
    expect(screen.getByText('Support staff')).toBeInTheDocument();
    expect(screen.getByText('Acme Corp (customer)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Change password' })).toHaveAttribute('href', '/change-password');
    expect(screen.getByRole('link', { name: 'Manage users' })).toHaveAttribute('href', '/admin/users');
  });

  it('offers no user management to a supplier', async () => {
    renderAccount(meHandler({ ...meFixture, roles: ['supplier_user'], org: { id: 'o', kind: 'supplier', name: 'Widgets' } }));
    expect(await screen.findByText('Supplier user')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Manage users' })).not.toBeInTheDocument();
  });

  it('shows a supplier the way to its onboarding and bank accounts, and nobody else', async () => {
    const { unmount } = renderAccount(
      meHandler({ ...meFixture, roles: ['supplier_user'], org: { id: 'o', kind: 'supplier', name: 'Widgets' } }),
    );
    expect(await screen.findByRole('heading', { name: 'Getting paid' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Your business details and review' })).toHaveAttribute('href', '/onboarding');
    expect(screen.getByRole('link', { name: 'Bank accounts' })).toHaveAttribute('href', '/bank-accounts');
    unmount();

    renderAccount(meHandler(meFixture));
    expect(await screen.findByText('ada@acme.example')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Getting paid' })).not.toBeInTheDocument();
  });

  it('sends the signed-out to sign in', async () => {
    renderAccount(meHandler(undefined));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Faccount'));
  });

  it('sends someone with a forced reset to change the password', async () => {
    renderAccount(meHandler({ ...meFixture, must_change_password: true }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/change-password$/));
  });

  it('offers a retry when the session could not be checked', async () => {
    renderAccount(() => problem(503, 'unavailable'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Vouch is temporarily unavailable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('goes home, not to sign in, when the person signs out here', async () => {
    renderRoutes(
      {
        '/account': (
          <>
            <SiteNav />
            <Account />
          </>
        ),
        '/': <p>home</p>,
      },
      { path: '/account', handlers: { 'GET /api/v1/me': meHandler(meFixture), 'POST /api/v1/auth/logout': noContent } },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/));
    expect(screen.getByText('home')).toBeInTheDocument();
  });
});
