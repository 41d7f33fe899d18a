import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApiKey } from '../../api/apiKeys';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../../test/server';
import { ApiKeys } from './ApiKeys';

const sap: ApiKey = {
  id: 'tok_1',
  name: 'SAP payments run',
  scopes: ['payments:check', 'profile'],
  created_at: '2025-03-01T10:00:00Z',
  last_used_at: null,
};

function renderPage(handlers: Record<string, Handler>, me = meFixture) {
  return renderRoutes(
    { '/admin/api-keys': <ApiKeys /> },
    { path: '/admin/api-keys', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

const listing = (keys: ApiKey[]): Handler => () => Response.json({ api_keys: keys });

describe('API keys', () => {
  it('explains what keys are for when there are none', async () => {
    renderPage({ 'GET /api/v1/api-keys': listing([]) });
    expect(await screen.findByText('Your organization has no API keys yet.')).toBeInTheDocument();
    expect(screen.getByText(/connect your accounts-payable \(AP\) or ERP system/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Key name/)).toHaveAttribute('maxlength', '100');
  });

  it('lists keys with their scopes in plain words and dates', async () => {
    renderPage({
      'GET /api/v1/api-keys': listing([sap, { ...sap, id: 'tok_2', name: 'Oracle', scopes: ['profile'], last_used_at: '2025-04-02T08:00:00Z' }]),
    });
    const list = await screen.findByRole('list', { name: 'API keys' });
    const items = within(list).getAllByRole('listitem').filter((li) => li.parentElement === list);
    expect(items).toHaveLength(2);
    const [first, second] = items;
    expect(first).toHaveTextContent('SAP payments run');
    expect(first).toHaveTextContent('Check payments before they are made');
    expect(first).toHaveTextContent('Read your organization’s details');
    expect(first).toHaveTextContent('Not used yet');
    expect(first).not.toHaveTextContent('payments:check');
    expect(second).toHaveTextContent('Last used');
    expect(second).not.toHaveTextContent('Check payments');
  });

  it('sends the same Idempotency-Key when Create is pressed again after a failed answer, and a new one for the next key', async () => {
    const keys: (string | null)[] = [];
    renderPage({
      'GET /api/v1/api-keys': listing([]),
      'POST /api/v1/api-keys': (req) => {
        keys.push(req.headers.get('Idempotency-Key'));
        return keys.length === 1
          ? problem(503, 'unavailable')
          : Response.json({ ...sap, id: `tok_new${keys.length}`, key: 'vch_secret_123' }, { status: 201 });
      },
    });
    await userEvent.type(await screen.findByLabelText(/^Key name/), 'SAP payments run');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('The key was not created')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByRole('region', { name: 'Key “SAP payments run” created' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);

    await userEvent.type(screen.getByLabelText(/^Key name/), 'SAP payments run');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await vi.waitFor(() => expect(keys).toHaveLength(3));
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('creates a key and shows its secret once, with a warning and a copy button', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { bodyOf } = renderPage({
      'GET /api/v1/api-keys': listing([]),
      'POST /api/v1/api-keys': () => Response.json({ ...sap, key: 'vch_secret_123' }, { status: 201 }),
    });
    await userEvent.type(await screen.findByLabelText(/^Key name/), '  SAP payments run ');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const created = await screen.findByRole('region', { name: 'Key “SAP payments run” created' });
    expect(created).toHaveTextContent('It will not be shown again.');
    const secret = within(created).getByLabelText('Your new API key');
    expect(secret).toHaveValue('vch_secret_123');
    expect(secret).toHaveAttribute('readonly');
    expect(bodyOf('POST /api/v1/api-keys')).toEqual({ name: 'SAP payments run' });

    // The list has the key, never its secret.
    const list = screen.getByRole('list', { name: 'API keys' });
    expect(list).toHaveTextContent('SAP payments run');
    expect(list).not.toHaveTextContent('vch_secret_123');
    expect(screen.getByLabelText(/^Key name/)).toHaveValue('');

    await userEvent.click(within(created).getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith('vch_secret_123');
    expect(await within(created).findByText('Copied to the clipboard.')).toBeInTheDocument();

    await userEvent.click(within(created).getByRole('button', { name: 'I’ve saved it' }));
    expect(screen.queryByRole('region', { name: /created/ })).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('vch_secret_123');
  });

  it('asks for a name before creating a key', async () => {
    const { calls } = renderPage({ 'GET /api/v1/api-keys': listing([]) });
    await userEvent.click(await screen.findByRole('button', { name: 'Create key' }));
    expect(screen.getByLabelText(/^Key name/)).toHaveAccessibleDescription(/Enter a name for the key/);
    expect(screen.getByLabelText(/^Key name/)).toHaveFocus();
    expect(calls()).not.toContain('POST /api/v1/api-keys');
  });

  it('revokes a key only after a confirmation', async () => {
    const { calls } = renderPage({
      'GET /api/v1/api-keys': listing([sap]),
      'DELETE /api/v1/api-keys/tok_1': noContent,
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke SAP payments run' }));
    const confirm = screen.getByRole('group', { name: 'Revoke SAP payments run?' });
    expect(within(confirm).getByRole('button', { name: 'Revoke key' })).toHaveFocus();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(calls()).not.toContain('DELETE /api/v1/api-keys/tok_1');

    await userEvent.click(screen.getByRole('button', { name: 'Revoke SAP payments run' }));
    await userEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByText('Key “SAP payments run” revoked')).toBeInTheDocument();
    expect(calls()).toContain('DELETE /api/v1/api-keys/tok_1');
    expect(screen.getByText('Your organization has no API keys yet.')).toBeInTheDocument();
  });

  it('keeps the key listed when revoking fails', async () => {
    renderPage({
      'GET /api/v1/api-keys': listing([sap]),
      'DELETE /api/v1/api-keys/tok_1': () => problem(503, 'unavailable'),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke SAP payments run' }));
    await userEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByText('“SAP payments run” was not revoked')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'API keys' })).toHaveTextContent('SAP payments run');
  });

  it('tells someone who is not a customer administrator, without asking the server', async () => {
    const { calls } = renderPage({}, { ...meFixture, roles: ['supplier_user'] });
    expect(await screen.findByText('This page is for customer administrators')).toBeInTheDocument();
    expect(calls()).not.toContain('GET /api/v1/api-keys');
  });
});
