import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meHandler, problem, renderRoutes, type Handler } from '../test/server';
import { ForgotPassword } from './ForgotPassword';
import { SignIn } from './SignIn';

const accepted: Handler = () => new Response('Accepted', { status: 202, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
const requestPath = 'POST /api/v1/auth/password/reset/request';

function renderForgot(answer: Handler, path = '/forgot-password') {
  return renderRoutes(
    { '/forgot-password': <ForgotPassword />, '/sign-in': <SignIn /> },
    { path, handlers: { 'GET /api/v1/me': meHandler(undefined), [requestPath]: answer } },
  );
}

async function send(email: string) {
  if (email) await userEvent.type(screen.getByLabelText('Email address'), email);
  await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
}

describe('ForgotPassword', () => {
  it('sends the address and says calmly what happens next, without saying whether it has an account', async () => {
    const { bodyOf } = renderForgot(accepted);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Reset your password');
    await send(' ada@acme.example ');
    const heading = await screen.findByRole('heading', { level: 1, name: 'Check your e-mail' });
    expect(heading).toHaveFocus();
    expect(document.title).toBe('Check your e-mail · Vouch');
    expect(screen.getByRole('status')).toHaveTextContent(
      'If ada@acme.example belongs to a Vouch account, we have sent a link to choose a new password to that address.',
    );
    const main = document.body;
    expect(main).toHaveTextContent('The link works once, for 30 minutes.');
    expect(main).toHaveTextContent(/check your spam or junk folder/);
    expect(main).not.toHaveTextContent(/no account|not found|doesn.t exist/i);
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/sign-in');
    expect(bodyOf(requestPath)).toEqual({ email: 'ada@acme.example' });
  });

  it('lets the person ask again, with the address kept and focus on it', async () => {
    const { calls } = renderForgot(accepted);
    await send('ada@acme.example');
    await userEvent.click(await screen.findByRole('button', { name: 'Send another link' }));
    const email = screen.getByLabelText('Email address');
    expect(email).toHaveValue('ada@acme.example');
    expect(email).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    await screen.findByRole('heading', { level: 1, name: 'Check your e-mail' });
    expect(calls().filter((c) => c === requestPath)).toHaveLength(2);
  });

  it('checks the address before asking the server', async () => {
    const answer = vi.fn(accepted);
    renderForgot(answer);
    await send('');
    const email = screen.getByLabelText('Email address');
    expect(email).toHaveAccessibleDescription('Enter your email address.');
    expect(email).toHaveFocus();
    await send('not-an-address');
    expect(email).toHaveAccessibleDescription('Enter an email address like name@example.com.');
    expect(answer).not.toHaveBeenCalled();
  });

  it('says how long to wait when asked too often, and that an earlier link still works', async () => {
    renderForgot(() => problem(429, 'rate_limited', {}, { 'Retry-After': '600' }));
    await send('ada@acme.example');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The link was not sent');
    expect(alert).toHaveTextContent('Try again in 10 minutes.');
    expect(alert).toHaveTextContent('A link sent earlier still works for 30 minutes');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Reset your password');
    expect(screen.getByRole('button', { name: 'Send reset link' })).toBeInTheDocument();
  });

  it("puts the server's field error next to the field", async () => {
    renderForgot(() => problem(422, 'invalid_input', { errors: [{ field: 'email', message: 'is required' }] }));
    await send('ada@acme.example');
    const email = screen.getByLabelText('Email address');
    await waitFor(() => expect(email).toHaveAccessibleDescription('Email address is required.'));
    expect(email).toHaveFocus();
  });

  it('is reached from the sign-in page, taking the e-mail typed there along (not in the address)', async () => {
    renderForgot(accepted, '/sign-in');
    await userEvent.type(await screen.findByLabelText('Email address'), 'ada@acme.example');
    await userEvent.click(screen.getByRole('link', { name: 'Forgot your password?' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/forgot-password$/));
    expect(screen.getByLabelText('Email address')).toHaveValue('ada@acme.example');
  });
});
