import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../test/server';
import { SignIn } from './SignIn';

function renderSignIn(login: Handler, path = '/sign-in', me = meHandler(undefined), state?: unknown) {
  return renderRoutes(
    { '/sign-in': <SignIn /> },
    { path, handlers: { 'GET /api/v1/me': me, 'POST /api/v1/auth/login': login }, state },
  );
}

async function signIn(email: string, password: string) {
  if (email) await userEvent.type(screen.getByLabelText('Email address'), email);
  if (password) await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

const where = () => screen.getByTestId('location');
const loginOK = (next: 'done' | 'change_password' | 'passkey' | 'passkey_setup', me = meFixture): Handler => () => Response.json({ user: me, next });

describe('SignIn', () => {
  it('says plainly when the e-mail and password do not match', async () => {
    renderSignIn(() => problem(401, 'invalid_credentials', { detail: 'The e-mail address or password is not right.' }));
    await signIn('ada@example.com', 'not-her-password');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Sign-in failed');
    expect(alert).toHaveTextContent("That e-mail and password don't match. Check both and try again.");
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    expect(where()).toHaveTextContent('/sign-in');
  });

  it('tells how long to wait when rate limited', async () => {
    renderSignIn(() => problem(429, 'rate_limited', {}, { 'Retry-After': '120' }));
    await signIn('ada@example.com', 'pw');
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 2 minutes.');
  });

  it("shows the server's detail for a code it has no words for", async () => {
    renderSignIn(() => problem(418, 'teapot', { detail: 'I am a teapot.' }));
    await signIn('ada@example.com', 'pw');
    expect(await screen.findByRole('alert')).toHaveTextContent('I am a teapot.');
  });

  it('checks the fields before asking the server', async () => {
    const login = vi.fn(() => new Response(null, { status: 500 }));
    renderSignIn(login);
    await signIn('', '');
    const email = screen.getByLabelText('Email address');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter your email address.');
    expect(email).toHaveFocus();
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(login).not.toHaveBeenCalled();
  });

  it('goes to the account page after signing in', async () => {
    const { bodyOf } = renderSignIn(loginOK('done'));
    await signIn(' ada@acme.example ', 'right-password');
    await waitFor(() => expect(where()).toHaveTextContent(/^\/account$/));
    expect(bodyOf('POST /api/v1/auth/login')).toEqual({ email: 'ada@acme.example', password: 'right-password' });
  });

  it('returns to a ?next= path on this site', async () => {
    renderSignIn(loginOK('done'), `/sign-in?next=${encodeURIComponent('/admin/users?q=ada')}`);
    await signIn('ada@acme.example', 'right-password');
    await waitFor(() => expect(where()).toHaveTextContent('/admin/users?q=ada'));
  });

  it('ignores a ?next= that leaves the site', async () => {
    renderSignIn(loginOK('done'), `/sign-in?next=${encodeURIComponent('//evil.example/account')}`);
    await signIn('ada@acme.example', 'right-password');
    await waitFor(() => expect(where()).toHaveTextContent(/^\/account$/));
  });

  it('goes to change the password when the server says one is due', async () => {
    renderSignIn(loginOK('change_password', { ...meFixture, must_change_password: true }), '/sign-in?next=%2Fadmin%2Fusers');
    await signIn('ada@acme.example', 'right-password');
    await waitFor(() => expect(where()).toHaveTextContent(/^\/change-password$/));
  });

  it('asks for the passkey instead of half signing in', async () => {
    renderSignIn(loginOK('passkey'));
    await signIn('ada@acme.example', 'right-password');
    expect(await screen.findByRole('heading', { level: 1, name: 'Confirm it’s you with your passkey' })).toHaveFocus();
    expect(where()).toHaveTextContent('/sign-in');
  });

  it('sends someone already signed in straight on', async () => {
    renderSignIn(loginOK('done'), '/sign-in', meHandler(meFixture));
    await waitFor(() => expect(where()).toHaveTextContent(/^\/account$/));
  });

  it('leads to a reset link for a forgotten password', async () => {
    renderSignIn(loginOK('done'));
    const link = await screen.findByRole('link', { name: 'Forgot your password?' });
    expect(link).toHaveAttribute('href', '/forgot-password');
  });

  it('shows the notice the page before left (a password reset), until the form is sent', async () => {
    renderSignIn(
      () => problem(401, 'invalid_credentials'),
      '/sign-in',
      meHandler(undefined),
      { notice: 'Your password was changed. Sign in with the new one.' },
    );
    expect(await screen.findByRole('status')).toHaveTextContent('Your password was changed. Sign in with the new one.');
    await signIn('ada@acme.example', 'old-password');
    await screen.findByRole('alert');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
