import { call, type ApiClient } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];
export type LoginRequest = Schemas['LoginRequest'];
export type LoginResult = Schemas['LoginResult'];
export type Me = Schemas['Me'];
export type Org = Schemas['Org'];
export type Role = Schemas['Role'];
export type PasswordChange = Schemas['PasswordChange'];

/** Signs in with a password; throws ApiError with the server's problem on failure. */
export function login(api: ApiClient, body: LoginRequest): Promise<LoginResult> {
  return call(api.POST('/api/v1/auth/login', { body }));
}

/** Ends the session (204 also when there was none). */
export async function logout(api: ApiClient): Promise<void> {
  await call(api.POST('/api/v1/auth/logout'));
}

/** The signed-in person; 401 unauthenticated when nobody is. */
export function getMe(api: ApiClient): Promise<Me> {
  return call(api.GET('/api/v1/me'));
}

/** Changes the password: other sessions end, this one is renewed. */
export async function changePassword(api: ApiClient, body: PasswordChange): Promise<void> {
  await call(api.POST('/api/v1/auth/password/change', { body }));
}

export type ResetRequest = Schemas['ResetRequest'];
export type ResetConfirm = Schemas['ResetConfirm'];

/**
 * Asks for a reset link to be e-mailed. The server answers 202 whether or not the address
 * has an account (its body is not JSON, hence parseAs: 'text'); 429 rate_limited when
 * asked too often.
 */
export async function requestPasswordReset(api: ApiClient, body: ResetRequest): Promise<void> {
  await call(api.POST('/api/v1/auth/password/reset/request', { body, parseAs: 'text' }));
}

/**
 * Sets a new password with a reset link's token; every session of the user ends. 422
 * reset_link_invalid (ask for a new link) or weak_password (the link still works).
 */
export async function confirmPasswordReset(api: ApiClient, body: ResetConfirm): Promise<void> {
  await call(api.POST('/api/v1/auth/password/reset/confirm', { body }));
}
