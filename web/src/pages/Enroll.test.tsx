import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EnrollPreview } from '../api/onboarding';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../test/server';
import { Enroll } from './Enroll';

const preview: EnrollPreview = {
  customer_name: 'Acme Corp',
  supplier_name: 'Widget Works',
  email: 'sam@widgets.example',
  expires_at: '2026-03-15T10:00:00Z',
};

const supplier = { ...meFixture, email: 'sam@widgets.example', roles: ['supplier_user' as const], org: { id: 'org_sup', kind: 'supplier' as const, name: 'Widget Works' } };

function renderPage(handlers: Record<string, Handler>, path = '/enroll?token=tok123') {
  return renderRoutes(
    { '/enroll': <Enroll />, '/onboarding': <p>onboarding</p> },
    { path, handlers: { 'GET /api/v1/me': meHandler(undefined), ...handlers } },
  );
}

describe('Enroll', () => {
  it('shows who invites whom and prefills the e-mail and legal name', async () => {
    const { bodyOf } = renderPage({ 'POST /api/v1/enroll/preview': () => Response.json(preview) });
    expect(await screen.findByText('Acme Corp')).toBeInTheDocument();
    expect(screen.getByLabelText('Your e-mail address')).toHaveValue('sam@widgets.example');
    expect(screen.getByLabelText(/^Business legal name/)).toHaveValue('Widget Works');
    expect(bodyOf('POST /api/v1/enroll/preview')).toEqual({ invitation_token: 'tok123' });
  });

  it.each([
    ['invitation_expired', 'This invitation has expired', /Ask the customer who invited you to send it again/],
    ['invitation_used', 'This invitation was already used', /Sign in instead/],
    ['invitation_revoked', 'This invitation was withdrawn', /withdrawn by the customer/],
    ['invitation_not_found', 'This invitation link isn’t valid', /opened the whole link/],
  ])('explains %s in plain words', async (code, title, text) => {
    renderPage({ 'POST /api/v1/enroll/preview': () => problem(code === 'invitation_not_found' ? 404 : 409, code) });
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.getByText(text)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create account and continue' })).not.toBeInTheDocument();
  });

  it('says so when the link has no token, without asking the server', async () => {
    const { calls } = renderPage({}, '/enroll');
    expect(await screen.findByText('This invitation link isn’t valid')).toBeInTheDocument();
    expect(calls()).not.toContain('POST /api/v1/enroll/preview');
  });

  it('creates the account and goes on to the onboarding', async () => {
    const { bodyOf } = renderPage({
      'POST /api/v1/enroll/preview': () => Response.json(preview),
      'POST /api/v1/enroll': () => Response.json({ user: supplier, supplier_id: 'org_sup', next: 'done' }, { status: 201 }),
    });
    await userEvent.type(await screen.findByLabelText('Your name'), 'Sam Supplier');
    await userEvent.type(screen.getByLabelText(/^Choose a password/), 'Copper kettle orbit meadow');
    await userEvent.type(screen.getByLabelText('Confirm the password'), 'Copper kettle orbit meadow');
    await userEvent.click(screen.getByRole('button', { name: 'Create account and continue' }));
    expect(await screen.findByText('onboarding')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveAttribute('data-state', JSON.stringify({ enrolled: true }));
    expect(bodyOf('POST /api/v1/enroll')).toEqual({
      invitation_token: 'tok123',
      email: 'sam@widgets.example',
      name: 'Sam Supplier',
      password: 'Copper kettle orbit meadow',
      legal_name: 'Widget Works',
    });
  });

  it('checks the form first, then shows server refusals at their fields', async () => {
    const { calls } = renderPage({
      'POST /api/v1/enroll/preview': () => Response.json(preview),
      'POST /api/v1/enroll': () => problem(409, 'supplier_exists'),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Create account and continue' }));
    expect(screen.getByLabelText('Your name')).toHaveAccessibleDescription('Enter your name.');
    expect(screen.getByLabelText('Your name')).toHaveFocus();
    expect(calls()).not.toContain('POST /api/v1/enroll');

    await userEvent.type(screen.getByLabelText('Your name'), 'Sam');
    await userEvent.type(screen.getByLabelText(/^Choose a password/), 'Copper kettle orbit meadow');
    await userEvent.type(screen.getByLabelText('Confirm the password'), 'Copper kettle orbit meadow');
    await userEvent.click(screen.getByRole('button', { name: 'Create account and continue' }));
    const legal = screen.getByLabelText(/^Business legal name/);
    await vi.waitFor(() => expect(legal).toHaveAccessibleDescription(/already on Vouch/));
    expect(legal).toHaveFocus();
  });

  it('shows a refused password at the password field', async () => {
    renderPage({
      'POST /api/v1/enroll/preview': () => Response.json(preview),
      'POST /api/v1/enroll': () => problem(422, 'weak_password', { detail: 'This password is too common.' }),
    });
    await userEvent.type(await screen.findByLabelText('Your name'), 'Sam');
    await userEvent.type(screen.getByLabelText(/^Choose a password/), 'password1234');
    await userEvent.type(screen.getByLabelText('Confirm the password'), 'password1234');
    await userEvent.click(screen.getByRole('button', { name: 'Create account and continue' }));
    const password = screen.getByLabelText(/^Choose a password/);
    await vi.waitFor(() => expect(password).toHaveAccessibleDescription(/This password is too common./));
  });
});
