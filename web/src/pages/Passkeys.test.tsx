import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Passkey } from '../api/passkeys';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import { creationOptions, domError, fakeAttestation, installWebAuthn, removeWebAuthn, type FakeWebAuthn } from '../test/webauthn';
import { Account } from './Account';

const workLaptop: Passkey = {
  id: 'pk_1',
  name: 'Work laptop',
  created_at: '2025-03-01T10:00:00Z',
  last_used_at: null,
  backup_eligible: false,
  backup_state: false,
  clone_warning: false,
};

function renderAccount(handlers: Record<string, Handler>) {
  return renderRoutes(
    { '/account': <Account /> },
    {
      path: '/account',
      handlers: {
        'GET /api/v1/me': meHandler(meFixture),
        'GET /api/v1/me/sessions': () => Response.json({ sessions: [] }),
        // The account page also lists devices; an unanswered list would add its own "Try again".
        'GET /api/v1/me/devices': () => Response.json({ devices: [] }),
        ...handlers,
      },
    },
  );
}

const listing = (passkeys: Passkey[]): Handler => () => Response.json({ passkeys });
const section = () => screen.getByRole('region', { name: 'Passkeys' });

describe('Passkeys on the account page', () => {
  let webauthn: FakeWebAuthn;
  beforeEach(() => {
    webauthn = installWebAuthn();
  });
  afterEach(() => removeWebAuthn());

  it('nudges someone without passkeys to add one', async () => {
    renderAccount({ 'GET /api/v1/me/passkeys': listing([]) });
    expect(await screen.findByText('You have no passkeys yet.')).toBeInTheDocument();
    expect(within(section()).getByRole('button', { name: 'Add a passkey' })).toBeInTheDocument();
    expect(within(section()).getByLabelText('Passkey name (optional)')).toHaveAttribute('maxlength', '64');
  });

  it('lists passkeys with dates, a synced badge and a clone warning', async () => {
    renderAccount({
      'GET /api/v1/me/passkeys': listing([
        workLaptop,
        { ...workLaptop, id: 'pk_2', name: 'Phone', last_used_at: '2025-04-02T08:00:00Z', backup_eligible: true, backup_state: true },
        { ...workLaptop, id: 'pk_3', name: 'Old key', clone_warning: true },
      ]),
    });
    const list = await screen.findByRole('list', { name: 'Your passkeys' });
    const [laptop, phone, old] = within(list).getAllByRole('listitem');
    expect(laptop).toHaveTextContent('Work laptop');
    expect(laptop).toHaveTextContent('Not used yet');
    expect(laptop).not.toHaveTextContent('Synced');
    expect(laptop?.querySelector('time')).toHaveAttribute('datetime', '2025-03-01T10:00:00Z');
    expect(phone).toHaveTextContent('Synced');
    expect(phone).toHaveTextContent('Last used');
    expect(old).toHaveTextContent('Vouch stopped accepting this passkey');
    expect(laptop).not.toHaveTextContent('Vouch stopped accepting');
  });

  it('adds a passkey with the chosen name and lists it', async () => {
    webauthn.create.mockResolvedValue(fakeAttestation('cred-1'));
    const { calls, bodyOf } = renderAccount({
      'GET /api/v1/me/passkeys': listing([]),
      'POST /api/v1/auth/passkeys/register/begin': () => Response.json(creationOptions),
      'POST /api/v1/auth/passkeys/register/finish': () => Response.json(workLaptop, { status: 201 }),
    });
    await userEvent.type(await screen.findByLabelText('Passkey name (optional)'), 'Work laptop');
    await userEvent.click(screen.getByRole('button', { name: 'Add a passkey' }));

    expect(await screen.findByText('Passkey “Work laptop” added')).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Your passkeys' })).getByRole('listitem')).toHaveTextContent('Work laptop');
    expect(screen.queryByText('You have no passkeys yet.')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Passkey name (optional)')).toHaveValue('');

    // The options reached the browser as bytes, the credential went back as JSON.
    const options = webauthn.create.mock.calls[0]?.[0] as CredentialCreationOptions;
    expect(new TextDecoder().decode(options.publicKey?.challenge as ArrayBuffer)).toBe('register-challenge');
    expect(calls()).toContainEqual(expect.stringMatching(/^POST \/api\/v1\/auth\/passkeys\/register\/finish\?name=Work(\+|%20)laptop$/));
    expect(bodyOf('POST /api/v1/auth/passkeys/register/finish')).toMatchObject({
      id: 'Y3JlZC0x',
      rawId: 'Y3JlZC0x',
      type: 'public-key',
      response: { transports: ['internal'] },
    });
  });

  it('leaves the name to the server when none is given', async () => {
    webauthn.create.mockResolvedValue(fakeAttestation());
    const { calls } = renderAccount({
      'GET /api/v1/me/passkeys': listing([]),
      'POST /api/v1/auth/passkeys/register/begin': () => Response.json(creationOptions),
      'POST /api/v1/auth/passkeys/register/finish': () => Response.json({ ...workLaptop, name: 'Passkey' }, { status: 201 }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add a passkey' }));
    expect(await screen.findByText('Passkey “Passkey” added')).toBeInTheDocument();
    expect(calls()).toContain('POST /api/v1/auth/passkeys/register/finish');
  });

  it('says so when the person cancels the browser prompt', async () => {
    webauthn.create.mockRejectedValue(domError('NotAllowedError', 'The operation either timed out or was not allowed.'));
    const { calls } = renderAccount({
      'GET /api/v1/me/passkeys': listing([]),
      'POST /api/v1/auth/passkeys/register/begin': () => Response.json(creationOptions),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add a passkey' }));
    expect(await screen.findByText('Passkey setup was cancelled.')).toBeInTheDocument();
    expect(screen.getByText('The passkey was not added')).toBeInTheDocument();
    expect(calls().some((line) => line.startsWith('POST /api/v1/auth/passkeys/register/finish'))).toBe(false);
  });

  it('explains a passkey the server refused', async () => {
    webauthn.create.mockResolvedValue(fakeAttestation());
    renderAccount({
      'GET /api/v1/me/passkeys': listing([]),
      'POST /api/v1/auth/passkeys/register/begin': () => Response.json(creationOptions),
      'POST /api/v1/auth/passkeys/register/finish': () => problem(401, 'ceremony_expired'),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add a passkey' }));
    expect(await screen.findByText('The passkey request timed out or was already used. Try again.')).toBeInTheDocument();
  });

  it('removes a passkey only after a confirmation', async () => {
    const { calls } = renderAccount({
      'GET /api/v1/me/passkeys': listing([workLaptop]),
      'DELETE /api/v1/me/passkeys/pk_1': noContent,
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Work laptop' }));
    const question = screen.getByRole('group', { name: 'Remove Work laptop?' });
    expect(within(question).getByRole('button', { name: 'Remove passkey' })).toHaveFocus();

    await userEvent.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('group', { name: 'Remove Work laptop?' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove Work laptop' })).toHaveFocus();
    expect(calls()).not.toContain('DELETE /api/v1/me/passkeys/pk_1');

    await userEvent.click(screen.getByRole('button', { name: 'Remove Work laptop' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove passkey' }));
    expect(await screen.findByText('Passkey “Work laptop” removed')).toBeInTheDocument();
    expect(calls()).toContain('DELETE /api/v1/me/passkeys/pk_1');
    expect(screen.getByText('You have no passkeys yet.')).toBeInTheDocument();
  });

  it('keeps the passkey listed when removing it fails', async () => {
    renderAccount({
      'GET /api/v1/me/passkeys': listing([workLaptop]),
      'DELETE /api/v1/me/passkeys/pk_1': () => problem(503, 'unavailable'),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Work laptop' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove passkey' }));
    expect(await screen.findByText('“Work laptop” was not removed')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove Work laptop' })).toBeInTheDocument();
  });

  it('offers a retry when the list could not be loaded', async () => {
    let fail = true;
    renderAccount({ 'GET /api/v1/me/passkeys': () => (fail ? problem(503, 'unavailable') : listing([workLaptop])(new Request('http://x'))) });
    expect(await screen.findByText('Your passkeys could not be loaded')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Remove Work laptop' })).toBeInTheDocument();
  });

  it('sends the person to sign in when the session ended', async () => {
    renderAccount({ 'GET /api/v1/me/passkeys': () => problem(401, 'unauthenticated') });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Faccount'));
  });
});

describe('Passkeys in a browser without WebAuthn', () => {
  it('explains that passkeys are unavailable and offers nothing to click', async () => {
    renderAccount({ 'GET /api/v1/me/passkeys': listing([]) });
    expect(await screen.findByText("This browser can't use passkeys")).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add a passkey' })).not.toBeInTheDocument();
  });
});
