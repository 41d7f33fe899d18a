import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { createApiClient } from '../api/client';
import { ApiProvider } from '../api/context';
import { SignIn } from './SignIn';

function renderWithServer(answer: () => Response) {
  document.cookie = 'vouch_csrf=t; path=/';
  const api = createApiClient({ fetch: () => Promise.resolve(answer()) });
  render(
    <ApiProvider client={api}>
      <MemoryRouter>
        <SignIn />
      </MemoryRouter>
    </ApiProvider>,
  );
}

async function signIn(email: string, password: string) {
  if (email) await userEvent.type(screen.getByLabelText('Email address'), email);
  if (password) await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignIn', () => {
  it("shows the server's problem detail when sign-in fails", async () => {
    renderWithServer(() =>
      Response.json(
        { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'invalid_credentials', detail: 'The email or password is wrong.' },
        { status: 401, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    await signIn('ada@example.com', 'not-her-password');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Sign-in failed');
    expect(alert).toHaveTextContent('The email or password is wrong.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('shows something readable for a problem without detail (the 404 of today)', async () => {
    renderWithServer(() =>
      Response.json(
        { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found' },
        { status: 404, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    await signIn('ada@example.com', 'pw');
    expect(await screen.findByRole('alert')).toHaveTextContent('Not Found');
  });

  it('checks the fields before asking the server', async () => {
    const answer = vi.fn(() => new Response(null, { status: 500 }));
    renderWithServer(answer);
    await signIn('', '');
    const email = screen.getByLabelText('Email address');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter your email address.');
    expect(email).toHaveFocus();
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(answer).not.toHaveBeenCalled();
  });

  it('says what comes next after a successful sign-in', async () => {
    renderWithServer(() => Response.json({ user: { id: 'u1', email: 'ada@example.com' }, next: 'change_password' }));
    await signIn('ada@example.com', 'right-password');
    expect(await screen.findByRole('status')).toHaveTextContent('Your password must be changed');
  });
});
