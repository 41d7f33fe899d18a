/**
 * The passkey that finishes a password sign-in when the account requires one
 * (docs/decisions/0016-second-factor.md): begin, the browser's get() limited to the
 * user's own passkeys, finish.
 */
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { ApiClient } from '../api/client';
import { beginSecondFactor, finishSecondFactor, type AuthenticationCredential, type LoginResult } from '../api/passkeys';
import { PasskeyError, passkeysSupported, toPasskeyError } from './webauthn';

/**
 * Proves one of the signed-in user's passkeys as the second factor and returns the
 * sign-in's answer. Throws PasskeyError for the browser's part and ApiError for the server's.
 */
export async function confirmWithPasskey(api: ApiClient): Promise<LoginResult> {
  if (!passkeysSupported()) throw new PasskeyError('unsupported');
  const { publicKey } = await beginSecondFactor(api);
  let credential;
  try {
    credential = await startAuthentication({ optionsJSON: publicKey as unknown as PublicKeyCredentialRequestOptionsJSON });
  } catch (err) {
    throw toPasskeyError(err);
  }
  return finishSecondFactor(api, credential as unknown as AuthenticationCredential);
}
