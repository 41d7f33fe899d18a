import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meFixture, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { Account } from './Account';
import { ChangePassword, validatePasswordForm } from './ChangePassword';

const forced = { ...meFixture, must_change_password: true };

function renderChange(change: Handler, me: Handler = () => Response.json(forced)) {
  return renderRoutes(
    { '/change-password': <ChangePassword />, '/account': <Account /> },
    { path: '/change-password', handlers: { 'GET /api/v1/me': me, 'POST /api/v1/auth/password/change': change } },
  );
}

async function fill(current: string, next: string, confirm = next) {
  if (current) await userEvent.type(screen.getByLabelText('Current password'), current);
  if (next) await userEvent.type(screen.getByLabelText('New password'), next);
  if (confirm) await userEvent.type(screen.getByLabelText('Confirm new password'), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

const good = 'copper kettle orbit meadow';

describe('validatePasswordForm', () => {
  const email = 'ada@acme.example';
  it('applies the rules it can check without the server', () => {
    expect(validatePasswordForm({ current: '', next: '', confirm: '' }, email)).toEqual({
      current: 'Enter your current password.',
      next: 'Enter a new password.',
      confirm: 'Enter the new password again.',
    });
    expect(validatePasswordForm({ current: 'old', next: 'short', confirm: 'short' }, email).next).toBe(
      'Use at least 12 characters (this one has 5).',
    );
    expect(validatePasswordForm({ current: 'old', next: 'x'.repeat(129), confirm: '' }, email).next).toMatch(/at most 128/);
    expect(validatePasswordForm({ current: 'old', next: 'my ADA@acme.example pw', confirm: '' }, email).next).toBe(
      "Your new password can't contain your e-mail address.",
    );
    expect(validatePasswordForm({ current: good, next: good, confirm: good }, email).next).toMatch(/different/);
    expect(validatePasswordForm({ current: 'old', next: good, confirm: `${good}!` }, email)).toEqual({
      confirm: "This doesn't match the new password. Type it again.",
    });
    expect(validatePasswordForm({ current: 'old', next: good, confirm: good }, email)).toEqual({});
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validatePasswordForm({ current: 'old', next: '🔑'.repeat(12), confirm: '🔑'.repeat(12) }, email)).toEqual({});
  });
});

describe('ChangePassword', () => {
  it('explains a reset forced by an administrator', async () => {
    renderChange(noContent);
    expect(await screen.findByRole('status')).toHaveTextContent('An administrator has asked you to choose a new password');
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/12 to 128 characters.*common password.*e-mail address/);
  });

  it('has no such explanation for a change by choice', async () => {
    renderChange(noContent, () => Response.json(meFixture));
    await screen.findByLabelText('Current password');
    expect(screen.queryByText(/An administrator has asked/)).not.toBeInTheDocument();
  });

  it("shows the server's reason for a weak password next to the field", async () => {
    renderChange(() => problem(422, 'weak_password', { detail: 'This password is on a list of commonly used passwords.' }));
    await screen.findByLabelText('Current password');
    await fill('old password', 'password1234');
    const next = screen.getByLabelText('New password');
    await waitFor(() => expect(next).toHaveAttribute('aria-invalid', 'true'));
    expect(next).toHaveAccessibleDescription(expect.stringContaining('This password is on a list of commonly used passwords.'));
    expect(next).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('Your new password was not accepted.');
  });

  it('puts a wrong current password next to that field', async () => {
    renderChange(() => problem(422, 'invalid_input', { errors: [{ field: 'current_password', message: 'is not your current password' }] }));
    await screen.findByLabelText('Current password');
    await fill('wrong one', good);
    const current = screen.getByLabelText('Current password');
    await waitFor(() => expect(current).toHaveAccessibleDescription("That isn't your current password. Check it and try again."));
    expect(current).toHaveFocus();
  });

  it('goes to the account page with a success message', async () => {
    let me = forced;
    const { bodyOf } = renderChange(
      () => {
        me = { ...forced, must_change_password: false };
        return noContent();
      },
      () => Response.json(me),
    );
    await screen.findByLabelText('Current password');
    await fill('old password', good);
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/account$/));
    expect(await screen.findByRole('status')).toHaveTextContent('Your password has been changed.');
    expect(bodyOf('POST /api/v1/auth/password/change')).toEqual({ current_password: 'old password', new_password: good });
  });

  it('sends the signed-out to sign in and back', async () => {
    renderChange(noContent, () => problem(401, 'unauthenticated'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Fchange-password'));
  });
});
