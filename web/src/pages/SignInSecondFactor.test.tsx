import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../test/server';
import {
  creationOptions,
  domError,
  fakeAssertion,
  fakeAttestation,
  installWebAuthn,
  removeWebAuthn,
  requestOptions,
  type FakeWebAuthn,
} from '../test/webauthn';
import { SignIn } from './SignIn';

const where = () => screen.getByTestId('location');
const required = { ...meFixture, require_passkey: true };
const loginWith = (next: string, me = required): Handler => () => Response.json({ user: me, next });

function renderSignIn(handlers: Record<string, Handler>, path = '/sign-in') {
  return renderRoutes(
    { '/sign-in': <SignIn /> },
    {
      path,
      handlers: {
        'GET /api/v1/me': meHandler(undefined),
        'POST /api/v1/auth/logout': noContent,
        'POST /api/v1/auth/passkeys/second-factor/begin': () => Response.json(requestOptions),
        'POST /api/v1/auth/passkeys/register/begin': () => Response.json(creationOptions),
        ...handlers,
      },
    },
  );
}

async function signIn() {
  await userEvent.type(screen.getByLabelText('Email address'), 'ada@acme.example');
  await userEvent.type(screen.getByLabelText('Password'), 'right-password');
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignIn: passkey after the password', () => {
  let webauthn: FakeWebAuthn;
  beforeEach(() => {
    webauthn = installWebAuthn({ conditional: false });
  });
  afterEach(() => removeWebAuthn());

  it('asks for the passkey, then goes to ?next=', async () => {
    webauthn.get.mockResolvedValue(fakeAssertion('cred-9'));
    const { calls, bodyOf } = renderSignIn(
      {
        'POST /api/v1/auth/login': loginWith('passkey'),
        'POST /api/v1/auth/passkeys/second-factor/finish': () => Response.json({ user: required, next: 'done' }),
      },
      '/sign-in?next=%2Fadmin%2Fusers',
    );
    await signIn();
    expect(await screen.findByRole('heading', { level: 1, name: 'Confirm it’s you with your passkey' })).toHaveFocus();
    expect(screen.getByText('ada@acme.example')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Lost your passkey?' })).toHaveAttribute('href', '/recover');
    expect(where()).toHaveTextContent(/^\/sign-in/);

    await userEvent.click(screen.getByRole('button', { name: 'Use my passkey' }));
    await waitFor(() => expect(where()).toHaveTextContent(/^\/admin\/users$/));
    expect(bodyOf('POST /api/v1/auth/passkeys/second-factor/finish')).toMatchObject({ id: 'Y3JlZC05', type: 'public-key' });
    expect(calls()).not.toContain('POST /api/v1/auth/passkeys/login/finish');
  });

  it('goes on to change the password when a reset is also due', async () => {
    webauthn.get.mockResolvedValue(fakeAssertion());
    renderSignIn({
      'POST /api/v1/auth/login': loginWith('passkey'),
      'POST /api/v1/auth/passkeys/second-factor/finish': () =>
        Response.json({ user: { ...required, must_change_password: true }, next: 'change_password' }),
    });
    await signIn();
    await userEvent.click(await screen.findByRole('button', { name: 'Use my passkey' }));
    await waitFor(() => expect(where()).toHaveTextContent(/^\/change-password$/));
  });

  it.each([
    ['the person cancels', () => Promise.reject(domError('NotAllowedError')), undefined, /request was cancelled/],
    ['the passkey is not theirs', () => Promise.resolve(fakeAssertion()), problem(401, 'passkey_invalid'), /couldn't verify that passkey/],
    ['too many tries', () => Promise.resolve(fakeAssertion()), problem(429, 'rate_limited', {}, { 'Retry-After': '30' }), /Try again in 30 seconds/],
  ])('says what went wrong when %s, and lets them try again', async (_, get, answer, message) => {
    webauthn.get.mockImplementation(get);
    renderSignIn({
      'POST /api/v1/auth/login': loginWith('passkey'),
      'POST /api/v1/auth/passkeys/second-factor/finish': () => answer ?? problem(500, 'unexpected'),
    });
    await signIn();
    await userEvent.click(await screen.findByRole('button', { name: 'Use my passkey' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That didn’t work');
    expect(alert).toHaveTextContent(message);
    expect(screen.getByRole('button', { name: 'Use my passkey' })).toBeEnabled();
    expect(where()).toHaveTextContent(/^\/sign-in$/);
  });

  it('starts over when the half-finished session expired', async () => {
    webauthn.get.mockResolvedValue(fakeAssertion());
    renderSignIn({
      'POST /api/v1/auth/login': loginWith('passkey'),
      'POST /api/v1/auth/passkeys/second-factor/begin': () => problem(401, 'unauthenticated'),
    });
    await signIn();
    await userEvent.click(await screen.findByRole('button', { name: 'Use my passkey' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveValue('');
  });

  it('signs out to let someone else sign in', async () => {
    const { calls } = renderSignIn({ 'POST /api/v1/auth/login': loginWith('passkey') });
    await signIn();
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in as someone else' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(calls()).toContain('POST /api/v1/auth/logout');
  });

  it('resumes the step after a reload', async () => {
    renderSignIn({ 'GET /api/v1/me': meHandler({ ...required, pending_step: 'passkey' }) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Confirm it’s you with your passkey' })).toBeInTheDocument();
    expect(where()).toHaveTextContent(/^\/sign-in$/);
  });
});

describe('SignIn: creating the required passkey', () => {
  let webauthn: FakeWebAuthn;
  beforeEach(() => {
    webauthn = installWebAuthn({ conditional: false });
  });
  afterEach(() => removeWebAuthn());

  it('explains why, creates the passkey and continues signed in', async () => {
    webauthn.create.mockResolvedValue(fakeAttestation('new-1'));
    let signedIn = false;
    const { calls } = renderSignIn({
      'POST /api/v1/auth/login': loginWith('passkey_setup'),
      'POST /api/v1/auth/passkeys/register/finish': () => {
        signedIn = true;
        return Response.json(
          {
            id: 'pk_1',
            name: 'Chrome on Windows',
            created_at: '2026-11-24T12:00:00Z',
            last_used_at: null,
            backup_eligible: false,
            backup_state: false,
            clone_warning: false,
          },
          { status: 201 },
        );
      },
      'GET /api/v1/me': () => (signedIn ? Response.json(required) : problem(401, 'unauthenticated')),
    });
    await signIn();
    expect(await screen.findByRole('heading', { level: 1, name: 'Create a passkey to continue' })).toHaveFocus();
    expect(screen.getByText(/Acme Corp requires a passkey for/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Create a passkey and continue' }));
    await waitFor(() => expect(where()).toHaveTextContent(/^\/account$/));
    expect(calls().find((line) => line.startsWith('POST /api/v1/auth/passkeys/register/finish'))).toMatch(/\?name=\S+/);
  });

  it('says so when the device refuses, and stays on the step', async () => {
    webauthn.create.mockRejectedValue(domError('NotAllowedError'));
    renderSignIn({ 'POST /api/v1/auth/login': loginWith('passkey_setup') });
    await signIn();
    await userEvent.click(await screen.findByRole('button', { name: 'Create a passkey and continue' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The passkey was not created');
    expect(alert).toHaveTextContent('Passkey setup was cancelled.');
    expect(where()).toHaveTextContent(/^\/sign-in$/);
  });

  it('explains a browser without passkeys', async () => {
    removeWebAuthn();
    renderSignIn({ 'POST /api/v1/auth/login': loginWith('passkey_setup') });
    await signIn();
    expect(await screen.findByText('This browser can’t create passkeys')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create a passkey and continue' })).not.toBeInTheDocument();
  });
});
