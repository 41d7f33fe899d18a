/**
 * A step-up with a passkey: begin, the browser's get() limited to the user's own
 * passkeys, finish. The session then counts as stepped up for 5 minutes.
 */
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { ApiClient } from '../api/client';
import { beginPasskeyStepUp, finishPasskeyStepUp, type AuthenticationCredential } from '../api/passkeys';
import { PasskeyError, passkeysSupported, toPasskeyError, type PasskeyFailure } from '../passkeys/webauthn';

/** Proves one of the user's passkeys. Throws PasskeyError for the browser's part and ApiError for the server's. */
export async function stepUpWithPasskey(api: ApiClient): Promise<void> {
  if (!passkeysSupported()) throw new PasskeyError('unsupported');
  const { publicKey } = await beginPasskeyStepUp(api);
  let credential;
  try {
    credential = await startAuthentication({ optionsJSON: publicKey as unknown as PublicKeyCredentialRequestOptionsJSON });
  } catch (err) {
    throw toPasskeyError(err);
  }
  await finishPasskeyStepUp(api, credential as unknown as AuthenticationCredential);
}

const failures: Record<PasskeyFailure, string> = {
  cancelled: 'The passkey check was cancelled, or this device has no passkey for your account. Try again.',
  aborted: 'The passkey check was stopped before it finished. Try again.',
  exists: "Your device couldn't use the passkey. Try again, or use another device.",
  unsupported: "This browser can't use passkeys. Open Vouch in a browser where your passkey works.",
  'wrong-site': "Passkeys don't work at this address. Open Vouch at its usual address and try again.",
  device: "Your device couldn't use the passkey. Try again, or use another device.",
};

/** The sentence for a failed browser step of a passkey step-up. */
export function stepUpFailureMessage(err: PasskeyError): string {
  return failures[err.reason];
}
