import { call, type ApiClient } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];
export type Passkey = Schemas['Passkey'];
export type PasskeyCreationOptions = Schemas['PasskeyCreationOptions'];
export type PasskeyRequestOptions = Schemas['PasskeyRequestOptions'];
export type RegistrationCredential = Schemas['RegistrationCredential'];
export type AuthenticationCredential = Schemas['AuthenticationCredential'];
export type LoginResult = Schemas['LoginResult'];
export type StepUp = Schemas['StepUp'];

// The ceremony id travels in the HttpOnly vouch_ceremony cookie from a begin to its
// finish: nothing to carry here.

/** Creation options for a new passkey on the signed-in account. */
export function beginPasskeyRegistration(api: ApiClient): Promise<PasskeyCreationOptions> {
  return call(api.POST('/api/v1/auth/passkeys/register/begin'));
}

/** Stores the new credential under `name` (the server's default when empty). */
export function finishPasskeyRegistration(api: ApiClient, credential: RegistrationCredential, name: string): Promise<Passkey> {
  const query = name ? { name } : {};
  return call(api.POST('/api/v1/auth/passkeys/register/finish', { params: { query }, body: credential }));
}

/** Request options for passkey sign-in; without an e-mail any passkey for this site will do. */
export function beginPasskeyLogin(api: ApiClient, email?: string): Promise<PasskeyRequestOptions> {
  return call(api.POST('/api/v1/auth/passkeys/login/begin', { body: email ? { email } : {} }));
}

/** Signs in with an assertion, exactly like a password: `{user, next}` and a session cookie. */
export function finishPasskeyLogin(api: ApiClient, credential: AuthenticationCredential): Promise<LoginResult> {
  return call(api.POST('/api/v1/auth/passkeys/login/finish', { body: credential }));
}

/** The signed-in user's passkeys, oldest first. */
export async function listPasskeys(api: ApiClient): Promise<Passkey[]> {
  const { passkeys } = await call(api.GET('/api/v1/me/passkeys'));
  return passkeys;
}

/** Removes one of the signed-in user's passkeys. */
export async function deletePasskey(api: ApiClient, id: string): Promise<void> {
  await call(api.DELETE('/api/v1/me/passkeys/{id}', { params: { path: { id } } }));
}

/** Request options to re-prove presence with one of the user's passkeys; 409 no_passkeys. */
export function beginPasskeyStepUp(api: ApiClient): Promise<PasskeyRequestOptions> {
  return call(api.POST('/api/v1/auth/step-up/passkey/begin'));
}

/** Records a fresh step-up on the session. */
export function finishPasskeyStepUp(api: ApiClient, credential: AuthenticationCredential): Promise<StepUp> {
  return call(api.POST('/api/v1/auth/step-up/passkey/finish', { body: credential }));
}

/** Request options for the second factor after a password (a session at the passkey step). */
export function beginSecondFactor(api: ApiClient): Promise<PasskeyRequestOptions> {
  return call(api.POST('/api/v1/auth/passkeys/second-factor/begin'));
}

/** Proves the passkey: a new session and `{user, next}` (done or change_password). */
export function finishSecondFactor(api: ApiClient, credential: AuthenticationCredential): Promise<LoginResult> {
  return call(api.POST('/api/v1/auth/passkeys/second-factor/finish', { body: credential }));
}
