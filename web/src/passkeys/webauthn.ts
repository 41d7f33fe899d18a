/**
 * The browser's half of a passkey ceremony, through @simplewebauthn/browser: it turns the
 * server's JSON options into what navigator.credentials wants and the credential back
 * into JSON. One ceremony runs at a time: starting one aborts the one before (the
 * library's WebAuthnAbortService), which is how the "Sign in with a passkey" button takes
 * over from a waiting autofill request.
 */
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { ApiClient } from '../api/client';
import {
  beginPasskeyLogin,
  beginPasskeyRegistration,
  finishPasskeyLogin,
  finishPasskeyRegistration,
  type AuthenticationCredential,
  type LoginResult,
  type Passkey,
  type RegistrationCredential,
} from '../api/passkeys';

/** Why the browser's part of a ceremony did not give a credential. */
export type PasskeyFailure = 'cancelled' | 'aborted' | 'exists' | 'unsupported' | 'wrong-site' | 'device';

/** The browser or the authenticator refused or failed; `reason` says how, in our terms. */
export class PasskeyError extends Error {
  readonly reason: PasskeyFailure;
  constructor(reason: PasskeyFailure, cause?: unknown) {
    super(`passkey ceremony failed: ${reason}`, { cause });
    this.name = 'PasskeyError';
    this.reason = reason;
  }
}

/** Whether this browser speaks WebAuthn at all (window.PublicKeyCredential). */
export function passkeysSupported(): boolean {
  return browserSupportsWebAuthn();
}

/** Whether the browser offers passkeys in the e-mail field's autofill (conditional mediation). */
export async function passkeyAutofillSupported(): Promise<boolean> {
  try {
    return await browserSupportsWebAuthnAutofill();
  } catch {
    return false;
  }
}

/** Aborts whatever ceremony is waiting (the autofill request, typically). */
export function cancelPasskeyCeremony(): void {
  WebAuthnAbortService.cancelCeremony();
}

function errorName(err: unknown): string | undefined {
  const cause = err instanceof WebAuthnError ? err.cause : err;
  return cause instanceof Error || cause instanceof DOMException ? cause.name : undefined;
}

/** Maps what navigator.credentials threw (raw or wrapped by the library) to a PasskeyFailure. */
export function toPasskeyError(err: unknown): PasskeyError {
  if (err instanceof PasskeyError) return err;
  if (err instanceof WebAuthnError) {
    switch (err.code) {
      case 'ERROR_CEREMONY_ABORTED':
        return new PasskeyError('aborted', err);
      case 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED':
        return new PasskeyError('exists', err);
      case 'ERROR_INVALID_DOMAIN':
      case 'ERROR_INVALID_RP_ID':
        return new PasskeyError('wrong-site', err);
      default:
        break;
    }
  }
  switch (errorName(err)) {
    case 'NotAllowedError':
      return new PasskeyError('cancelled', err);
    case 'AbortError':
      return new PasskeyError('aborted', err);
    case 'InvalidStateError':
      return new PasskeyError('exists', err);
    case 'SecurityError':
      return new PasskeyError('wrong-site', err);
    case 'NotSupportedError':
      return new PasskeyError('unsupported', err);
    default:
      if (err instanceof Error && /not supported/i.test(err.message)) return new PasskeyError('unsupported', err);
      return new PasskeyError('device', err);
  }
}

const failureMessages: Record<'register' | 'sign-in', Record<PasskeyFailure, string>> = {
  register: {
    cancelled: 'Passkey setup was cancelled.',
    aborted: 'Passkey setup was stopped before it finished. Try again.',
    exists: 'This device already holds a passkey for your account: you can use that one to sign in.',
    unsupported: "This browser can't create passkeys. Try a current version of Chrome, Edge, Firefox or Safari.",
    'wrong-site': "Passkeys don't work at this address. Open Vouch at its usual address and try again.",
    device: "Your device couldn't create the passkey. Try again, or use another device or security key.",
  },
  'sign-in': {
    cancelled: 'Passkey sign-in was cancelled, or this device has no passkey for Vouch. Try again, or sign in with your password.',
    aborted: 'Passkey sign-in was stopped before it finished. Try again.',
    exists: "Your device couldn't use the passkey. Try again, or sign in with your password.",
    unsupported: "This browser can't use passkeys. Sign in with your password instead.",
    'wrong-site': "Passkeys don't work at this address. Open Vouch at its usual address and try again.",
    device: "Your device couldn't use the passkey. Try again, or sign in with your password.",
  },
};

/** The sentence for a failed browser step of a ceremony. */
export function passkeyFailureMessage(err: PasskeyError, ceremony: 'register' | 'sign-in'): string {
  return failureMessages[ceremony][err.reason];
}

/**
 * Adds a passkey to the signed-in account: begin, the browser's create(), finish.
 * Throws PasskeyError for the browser's part and ApiError for the server's.
 */
export async function addPasskey(api: ApiClient, name: string): Promise<Passkey> {
  if (!passkeysSupported()) throw new PasskeyError('unsupported');
  const { publicKey } = await beginPasskeyRegistration(api);
  let credential;
  try {
    credential = await startRegistration({ optionsJSON: publicKey as unknown as PublicKeyCredentialCreationOptionsJSON });
  } catch (err) {
    throw toPasskeyError(err);
  }
  return finishPasskeyRegistration(api, credential as unknown as RegistrationCredential, name);
}

/**
 * Signs in with a passkey, discoverable (no e-mail): begin, the browser's get(), finish.
 * With `autofill` the request waits, without any prompt, for the person to pick a
 * passkey in the e-mail field's autofill. Aborting `signal` ends the wait (PasskeyError
 * 'aborted'). Throws PasskeyError for the browser's part and ApiError for the server's.
 */
export async function signInWithPasskey(
  api: ApiClient,
  { autofill = false, signal }: { autofill?: boolean; signal?: AbortSignal } = {},
): Promise<LoginResult> {
  if (!passkeysSupported()) throw new PasskeyError('unsupported');
  if (signal?.aborted) throw new PasskeyError('aborted');
  const { publicKey } = await beginPasskeyLogin(api);
  if (signal?.aborted) throw new PasskeyError('aborted');
  let credential;
  const onAbort = () => cancelPasskeyCeremony();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    credential = await startAuthentication({
      optionsJSON: publicKey as unknown as PublicKeyCredentialRequestOptionsJSON,
      useBrowserAutofill: autofill,
    });
  } catch (err) {
    throw toPasskeyError(err);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return finishPasskeyLogin(api, credential as unknown as AuthenticationCredential);
}
