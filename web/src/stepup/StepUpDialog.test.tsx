import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { ApiKeys } from '../pages/admin/ApiKeys';

const created = { id: 'tok_1', name: 'ERP', scopes: ['profile'], created_at: '2025-03-01T10:00:00Z', last_used_at: null, key: 'vch_new' };

/** POST /api-keys: step_up_required until the session stepped up, then 201. */
function keyServer(extra: Record<string, Handler> = {}) {
  let steppedUp = false;
  const handlers: Record<string, Handler> = {
    'GET /api/v1/me': meHandler(meFixture),
    'GET /api/v1/api-keys': () => Response.json({ api_keys: [] }),
    'GET /api/v1/me/passkeys': () => Response.json({ passkeys: [] }),
    'POST /api/v1/api-keys': () =>
      steppedUp ? Response.json(created, { status: 201 }) : problem(403, 'step_up_required', { methods: ['email'] }),
    'POST /api/v1/auth/step-up/email/begin': () => new Response(null, { status: 202 }),
    'POST /api/v1/auth/step-up/email/finish': async (request) => {
      const { code } = (await request.json()) as { code: string };
      if (code !== '123456') return problem(422, 'invalid_code');
      steppedUp = true;
      return noContent();
    },
    ...extra,
  };
  return renderRoutes({ '/admin/api-keys': <ApiKeys /> }, { path: '/admin/api-keys', handlers });
}

async function createKey() {
  await userEvent.type(await screen.findByLabelText(/^Key name/), 'ERP');
  await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
  return screen.findByRole('dialog', { name: 'Confirm it’s you' });
}

describe('step-up dialog', () => {
  it('asks for an e-mailed code, checks it, and retries the action once', async () => {
    const { calls } = keyServer();
    const dialog = await createKey();
    const send = await within(dialog).findByRole('button', { name: 'E-mail me a code' });
    expect(dialog).toHaveTextContent('ada@acme.example');
    await userEvent.click(send);

    const input = await within(dialog).findByLabelText(/^6-digit code/);
    expect(input).toHaveAttribute('autocomplete', 'one-time-code');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveFocus();

    await userEvent.type(input, '12');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(within(dialog).getByText('Enter the 6 digits from the e-mail.')).toBeInTheDocument();

    await userEvent.clear(input);
    await userEvent.type(input, '654321');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText(/That code isn't right/)).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');

    await userEvent.clear(input);
    await userEvent.type(input, '123 456');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('region', { name: 'Key “ERP” created' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls().filter((c) => c === 'POST /api/v1/api-keys')).toHaveLength(2);
  });

  it('sends a new code on request', async () => {
    const { calls } = keyServer();
    const dialog = await createKey();
    await userEvent.click(await within(dialog).findByRole('button', { name: 'E-mail me a code' }));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Send a new code' }));
    expect(await within(dialog).findByText('We sent a new code')).toBeInTheDocument();
    expect(calls().filter((c) => c === 'POST /api/v1/auth/step-up/email/begin')).toHaveLength(2);
  });

  it('offers the passkey to a user who has one, and no e-mailed code', async () => {
    keyServer({
      'GET /api/v1/me/passkeys': () =>
        Response.json({
          passkeys: [{ id: 'pk_1', name: 'Laptop', created_at: '2025-01-01T00:00:00Z', last_used_at: null, backup_eligible: false, backup_state: false, clone_warning: false }],
        }),
    });
    const dialog = await createKey();
    const usePasskey = await within(dialog).findByRole('button', { name: 'Use your passkey' });
    // Focus moves there once the dialog has settled, a moment after the button renders.
    await waitFor(() => expect(usePasskey).toHaveFocus());
    expect(within(dialog).queryByRole('button', { name: 'E-mail me a code' })).not.toBeInTheDocument();
  });

  it('says the action did not happen when the person cancels', async () => {
    const { calls } = keyServer();
    const dialog = await createKey();
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText('The key was not created')).toBeInTheDocument();
    expect(calls().filter((c) => c === 'POST /api/v1/api-keys')).toHaveLength(1);
    expect(screen.queryByRole('region', { name: /created/ })).not.toBeInTheDocument();
  });
});
