import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { ResetPassword } from './ResetPassword';
import { SignIn } from './SignIn';

const token = 'q3Vx0b7T1cM2nY8pL5kW9zR4aH6dJ0fS2gE7uI1oB3c';
const confirmPath = 'POST /api/v1/auth/password/reset/confirm';
const good = 'copper kettle orbit meadow';

function renderReset(confirm: Handler, { path = `/reset-password?token=${token}`, me = meHandler(undefined) } = {}) {
  // What the browser's address bar shows: the page must take the token out of it.
  window.history.replaceState(null, '', path);
  return renderRoutes(
    { '/reset-password': <ResetPassword />, '/sign-in': <SignIn /> },
    { path, handlers: { 'GET /api/v1/me': me, [confirmPath]: confirm } },
  );
}

/** Lets the session's GET /me answer, for tests that end before anything else would wait. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

async function choose(next: string, confirm = next) {
  if (next) await userEvent.type(screen.getByLabelText('New password'), next);
  if (confirm) await userEvent.type(screen.getByLabelText('Confirm new password'), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Set new password' }));
}

describe('ResetPassword', () => {
  afterEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('takes the token out of the address bar at once, and keeps it for the request', async () => {
    const { bodyOf } = renderReset(noContent);
    expect(window.location.pathname).toBe('/reset-password');
    expect(window.location.search).toBe('');
    expect(window.location.href).not.toContain(token);
    await choose(good);
    await waitFor(() => expect(bodyOf(confirmPath)).toEqual({ token, new_password: good }));
  });

  it('leaves other parts of the address alone', async () => {
    renderReset(noContent, { path: `/reset-password?token=${token}&lang=en#top` });
    await settle();
    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe('/reset-password?lang=en#top');
  });

  it('explains the rules as the change-password page does, and checks them first', async () => {
    const confirm = vi.fn(noContent);
    renderReset(confirm);
    const next = screen.getByLabelText('New password');
    expect(next).toHaveAccessibleDescription(/12 to 128 characters.*common password.*e-mail address/);
    expect(next).toHaveAttribute('autocomplete', 'new-password');
    await choose('short');
    expect(next).toHaveAccessibleDescription(expect.stringContaining('Use at least 12 characters (this one has 5).'));
    expect(next).toHaveFocus();
    await userEvent.clear(next);
    await userEvent.clear(screen.getByLabelText('Confirm new password'));
    await choose(good, `${good}!`);
    const confirmField = screen.getByLabelText('Confirm new password');
    expect(confirmField).toHaveAccessibleDescription("This doesn't match the new password. Type it again.");
    expect(confirmField).toHaveFocus();
    expect(confirm).not.toHaveBeenCalled();
  });

  it('goes to sign in with a success message; the session this browser had is over', async () => {
    let signedIn = true;
    renderReset(
      () => {
        signedIn = false;
        return noContent();
      },
      { me: () => (signedIn ? Response.json(meFixture) : problem(401, 'unauthenticated')) },
    );
    await choose(good);
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/sign-in$/));
    expect(await screen.findByRole('status')).toHaveTextContent('Your password was changed. Sign in with the new one.');
    expect(screen.getByLabelText('Email address')).toBeInTheDocument();
  });

  it("puts the server's reason for a weak password next to the field and keeps the form (the link still works)", async () => {
    const { calls } = renderReset(() => problem(422, 'weak_password', { detail: 'This password is on a list of commonly used passwords.' }));
    await choose('password1234');
    const next = screen.getByLabelText('New password');
    await waitFor(() => expect(next).toHaveAttribute('aria-invalid', 'true'));
    expect(next).toHaveAccessibleDescription(expect.stringContaining('This password is on a list of commonly used passwords.'));
    expect(next).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('Your new password was not accepted.');
    // Another try goes to the server with the same token.
    await userEvent.clear(next);
    await userEvent.clear(screen.getByLabelText('Confirm new password'));
    await choose(good);
    await waitFor(() => expect(calls().filter((c) => c === confirmPath)).toHaveLength(2));
  });

  it('says a used or expired link cannot be used, with the way to a new one', async () => {
    renderReset(() => problem(422, 'reset_link_invalid', { detail: 'This reset link has expired or was already used. Ask for a new one.' }));
    await choose(good);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("This reset link can't be used");
    expect(alert).toHaveTextContent('expired, was already used, or the password was changed since it was sent');
    const link = screen.getByRole('link', { name: 'Ask for a new reset link' });
    expect(link).toHaveAttribute('href', '/forgot-password');
    expect(link).toHaveFocus();
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });

  it('says what to do when the page has no token (opened by hand, or reloaded)', async () => {
    renderReset(noContent, { path: '/reset-password' });
    await settle();
    expect(screen.getByText('This page needs the link from your e-mail')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new reset link' })).toHaveAttribute('href', '/forgot-password');
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });

  it('shows how long to wait when rate limited', async () => {
    renderReset(() => problem(429, 'rate_limited', {}, { 'Retry-After': '30' }));
    await choose(good);
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 30 seconds.');
    expect(screen.getByLabelText('New password')).toBeInTheDocument();
  });
});
