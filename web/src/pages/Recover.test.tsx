import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { Recover } from './Recover';

function renderPage(path: string, handlers: Record<string, Handler>) {
  return renderRoutes({ '/recover': <Recover /> }, { path, handlers: { 'GET /api/v1/me': meHandler(undefined), ...handlers } });
}

const token = 'a'.repeat(43);

describe('Recover', () => {
  it('asks for a link by e-mail and never says whether the account exists', async () => {
    const { bodyOf } = renderPage('/recover', { 'POST /api/v1/auth/recovery/request': () => new Response(null, { status: 202 }) });
    await userEvent.click(await screen.findByRole('button', { name: 'E-mail me a recovery link' }));
    expect(screen.getByLabelText(/^Email address/)).toHaveAttribute('aria-invalid', 'true');
    await userEvent.type(screen.getByLabelText(/^Email address/), 'ada@acme.example');
    await userEvent.click(screen.getByRole('button', { name: 'E-mail me a recovery link' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Check your e-mail' })).toHaveFocus();
    expect(document.body).toHaveTextContent('If ada@acme.example belongs to a Vouch account with passkeys');
    expect(bodyOf('POST /api/v1/auth/recovery/request')).toEqual({ email: 'ada@acme.example' });
  });

  it('starts the waiting period from the link and says when it ends', async () => {
    const readyAt = new Date(Date.now() + 24 * 3600_000).toISOString();
    const { bodyOf } = renderPage(`/recover?token=${token}`, {
      'POST /api/v1/auth/recovery/start': () => Response.json({ status: 'waiting', ready_at: readyAt }, { status: 202 }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Recovery started' })).toBeInTheDocument();
    expect(screen.getByText(/Ready on/).querySelector('time')).toHaveAttribute('datetime', readyAt);
    expect(screen.queryByRole('button', { name: 'Finish recovery' })).not.toBeInTheDocument();
    expect(bodyOf('POST /api/v1/auth/recovery/start')).toEqual({ token });
  });

  it('finishes once the wait is over, then leads to sign in', async () => {
    renderPage(`/recover?token=${token}`, {
      'POST /api/v1/auth/recovery/start': () => Response.json({ status: 'waiting', ready_at: '2020-01-01T00:00:00Z' }, { status: 202 }),
      'POST /api/v1/auth/recovery/complete': noContent,
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Finish recovery' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your passkeys were removed' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
  });

  it('says a cancelled recovery was cancelled, and a dead link that it is dead', async () => {
    renderPage(`/recover?token=${token}`, { 'POST /api/v1/auth/recovery/start': () => problem(409, 'recovery_cancelled') });
    expect(await screen.findByRole('heading', { level: 1, name: 'Recovery cancelled' })).toBeInTheDocument();
    expect(screen.getByText(/cancelled, by you or an administrator/)).toBeInTheDocument();
  });

  it('offers a new link when this one no longer works', async () => {
    renderPage(`/recover?token=${token}`, { 'POST /api/v1/auth/recovery/start': () => problem(422, 'recovery_link_invalid') });
    expect(await screen.findByText('This link no longer works')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new recovery link' })).toHaveAttribute('href', '/recover');
  });
});
