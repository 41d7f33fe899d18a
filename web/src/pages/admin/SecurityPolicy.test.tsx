import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OrgPasskeyPolicy } from '../../api/passkeyPolicy';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../../test/server';
import { SecurityPolicy } from './SecurityPolicy';

const acme = (on: boolean): OrgPasskeyPolicy => ({ org: { id: 'org_1', kind: 'customer', name: 'Acme Corp' }, require_passkey: on });

function renderPage(handlers: Record<string, Handler>, me = meFixture) {
  return renderRoutes(
    { '/admin/security': <SecurityPolicy /> },
    { path: '/admin/security', handlers: { 'GET /api/v1/me': meHandler(me), ...handlers } },
  );
}

describe('Security policy', () => {
  it("turns on a passkey for everyone in the customer admin's own org, with a reason", async () => {
    const { bodyOf } = renderPage({
      'GET /api/v1/admin/orgs/org_1/require-passkey': () => Response.json(acme(false)),
      'PUT /api/v1/admin/orgs/org_1/require-passkey': () => Response.json(acme(true)),
    });
    expect(await screen.findByText(/Now: a password is enough to sign in to Acme Corp/)).toBeInTheDocument();
    const toggle = screen.getByRole('switch', { name: 'Require a passkey after the password for everyone in Acme Corp' });
    expect(toggle).not.toBeChecked();

    await userEvent.click(toggle);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByLabelText(/^Reason/)).toHaveAccessibleDescription(/Say why: it goes into the audit log\./);

    await userEvent.type(screen.getByLabelText(/^Reason/), 'Payout fraud last quarter');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Everyone in Acme Corp must now confirm sign-ins with a passkey')).toBeInTheDocument();
    expect(screen.getByText(/Now: everyone in Acme Corp confirms each password sign-in/)).toBeInTheDocument();
    expect(bodyOf('PUT /api/v1/admin/orgs/org_1/require-passkey')).toEqual({ require_passkey: true, reason: 'Payout fraud last quarter' });
  });

  it('says when nothing changed instead of saving', async () => {
    const { calls } = renderPage({ 'GET /api/v1/admin/orgs/org_1/require-passkey': () => Response.json(acme(true)) });
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Turn the switch to change the rule first.');
    expect(calls()).not.toContain('PUT /api/v1/admin/orgs/org_1/require-passkey');
  });

  it("shows the server's refusal", async () => {
    renderPage({
      'GET /api/v1/admin/orgs/org_1/require-passkey': () => Response.json(acme(true)),
      'PUT /api/v1/admin/orgs/org_1/require-passkey': () => problem(404, 'org_not_found'),
    });
    await userEvent.click(await screen.findByRole('switch'));
    await userEvent.type(screen.getByLabelText(/^Reason/), 'Pilot over');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The rule was not changed');
    expect(alert).toHaveTextContent('That organization no longer exists');
  });

  it('lets a platform admin pick the org by its id', async () => {
    renderPage(
      { 'GET /api/v1/admin/orgs/org_9/require-passkey': () => Response.json({ ...acme(false), org: { id: 'org_9', kind: 'supplier', name: 'Globex' } }) },
      { ...meFixture, roles: ['platform_admin'], org: null },
    );
    await userEvent.type(await screen.findByLabelText(/^Organization ID/), ' org_9 ');
    await userEvent.click(screen.getByRole('button', { name: 'Show rules' }));
    expect(await screen.findByRole('switch', { name: /everyone in Globex/ })).not.toBeChecked();
  });

  it('explains the page to people who may not set rules', async () => {
    const { calls } = renderPage({}, { ...meFixture, roles: ['supplier_user'] });
    expect(await screen.findByText('This page is for administrators')).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me']);
  });
});
