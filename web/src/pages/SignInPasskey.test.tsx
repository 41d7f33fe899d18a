import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../test/server';
import {
  domError,
  fakeAssertion,
  installWebAuthn,
  removeWebAuthn,
  requestOptions,
  waitsUntilAborted,
  type FakeWebAuthn,
} from '../test/webauthn';
import { SignIn } from './SignIn';

const where = () => screen.getByTestId('location');
const loginOK: Handler = () => Response.json({ user: meFixture, next: 'done' });

function renderSignIn(handlers: Record<string, Handler>, path = '/sign-in') {
  return renderRoutes(
    { '/sign-in': <SignIn /> },
    {
      path,
      handlers: {
        'GET /api/v1/me': meHandler(undefined),
        'POST /api/v1/auth/passkeys/login/begin': () => Response.json(requestOptions),
        ...handlers,
      },
    },
  );
}

const passkeyButton = () => screen.findByRole('button', { name: 'Sign in with a passkey' });

describe('SignIn with a passkey', () => {
  let webauthn: FakeWebAuthn;
  afterEach(() => removeWebAuthn());

  describe('the button', () => {
    beforeEach(() => {
      webauthn = installWebAuthn({ conditional: false });
    });

    it('signs in without an e-mail and goes to ?next=', async () => {
      webauthn.get.mockResolvedValue(fakeAssertion('cred-1'));
      const { calls, bodyOf } = renderSignIn({ 'POST /api/v1/auth/passkeys/login/finish': loginOK }, '/sign-in?next=%2Fadmin%2Fusers');
      await userEvent.click(await passkeyButton());
      await waitFor(() => expect(where()).toHaveTextContent(/^\/admin\/users$/));

      expect(bodyOf('POST /api/v1/auth/passkeys/login/begin')).toEqual({});
      const options = webauthn.get.mock.calls[0]?.[0] as CredentialRequestOptions & { mediation?: string };
      expect(options.mediation).toBeUndefined();
      expect(new TextDecoder().decode(options.publicKey?.challenge as ArrayBuffer)).toBe('login-challenge');
      expect(bodyOf('POST /api/v1/auth/passkeys/login/finish')).toMatchObject({
        id: 'Y3JlZC0x',
        type: 'public-key',
        response: { userHandle: 'dXNlci0x' },
      });
      expect(calls()).not.toContain('POST /api/v1/auth/login');
    });

    it('goes to change the password when a reset is due', async () => {
      webauthn.get.mockResolvedValue(fakeAssertion());
      renderSignIn({
        'POST /api/v1/auth/passkeys/login/finish': () =>
          Response.json({ user: { ...meFixture, must_change_password: true }, next: 'change_password' }),
      });
      await userEvent.click(await passkeyButton());
      await waitFor(() => expect(where()).toHaveTextContent(/^\/change-password$/));
    });

    it('says so when the person cancels', async () => {
      webauthn.get.mockRejectedValue(domError('NotAllowedError'));
      const { calls } = renderSignIn({});
      await userEvent.click(await passkeyButton());
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Passkey sign-in was cancelled');
      expect(calls()).not.toContain('POST /api/v1/auth/passkeys/login/finish');
      expect(where()).toHaveTextContent('/sign-in');
    });

    it('explains a passkey the server refused', async () => {
      webauthn.get.mockResolvedValue(fakeAssertion());
      renderSignIn({ 'POST /api/v1/auth/passkeys/login/finish': () => problem(401, 'passkey_invalid') });
      await userEvent.click(await passkeyButton());
      expect(await screen.findByRole('alert')).toHaveTextContent("Vouch couldn't verify that passkey.");
    });

    it('starts no autofill request where the browser has none', async () => {
      renderSignIn({});
      expect(await passkeyButton()).toBeInTheDocument();
      expect(webauthn.get).not.toHaveBeenCalled();
    });
  });

  describe('autofill', () => {
    beforeEach(() => {
      webauthn = installWebAuthn({ conditional: true });
    });

    it('offers passkeys in the e-mail field and signs in with the one picked', async () => {
      webauthn.get.mockResolvedValue(fakeAssertion());
      renderSignIn({ 'POST /api/v1/auth/passkeys/login/finish': loginOK });
      expect(screen.getByLabelText('Email address')).toHaveAttribute('autocomplete', 'username webauthn');
      await waitFor(() => expect(where()).toHaveTextContent(/^\/account$/));
      const options = webauthn.get.mock.calls[0]?.[0] as CredentialRequestOptions & { mediation?: string };
      expect(options.mediation).toBe('conditional');
    });

    it('is aborted when the password form is sent', async () => {
      let signal: AbortSignal | undefined;
      webauthn.get.mockImplementation((options: CredentialRequestOptions) => {
        signal = options.signal ?? undefined;
        return waitsUntilAborted(options);
      });
      const { calls } = renderSignIn({ 'POST /api/v1/auth/login': loginOK });
      await waitFor(() => expect(webauthn.get).toHaveBeenCalled());
      await userEvent.type(screen.getByLabelText('Email address'), 'ada@acme.example');
      await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
      await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect(where()).toHaveTextContent(/^\/account$/));
      expect(signal?.aborted).toBe(true);
      expect(calls()).not.toContain('POST /api/v1/auth/passkeys/login/finish');
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('is aborted when the person leaves the page', async () => {
      let signal: AbortSignal | undefined;
      webauthn.get.mockImplementation((options: CredentialRequestOptions) => {
        signal = options.signal ?? undefined;
        return waitsUntilAborted(options);
      });
      const { unmount } = renderSignIn({});
      await waitFor(() => expect(webauthn.get).toHaveBeenCalled());
      unmount();
      expect(signal?.aborted).toBe(true);
    });

    it('gives way to the button', async () => {
      const signals: AbortSignal[] = [];
      webauthn.get.mockImplementationOnce((options: CredentialRequestOptions) => {
        if (options.signal) signals.push(options.signal);
        return waitsUntilAborted(options);
      });
      webauthn.get.mockResolvedValueOnce(fakeAssertion());
      renderSignIn({ 'POST /api/v1/auth/passkeys/login/finish': loginOK });
      await waitFor(() => expect(webauthn.get).toHaveBeenCalledTimes(1));
      await userEvent.click(await passkeyButton());
      await waitFor(() => expect(where()).toHaveTextContent(/^\/account$/));
      expect(signals[0]?.aborted).toBe(true);
      expect((webauthn.get.mock.calls[1]?.[0] as { mediation?: string }).mediation).toBeUndefined();
    });
  });

  it('offers no passkey button where the browser has no WebAuthn', async () => {
    renderSignIn({});
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in with a passkey' })).not.toBeInTheDocument();
  });
});
