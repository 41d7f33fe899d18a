import { call, type ApiClient } from './client';
import type { components } from './schema';

export type AdminUser = components['schemas']['AdminUser'];
export type StaffAction = components['schemas']['StaffAction'];
export type VerificationMethod = NonNullable<StaffAction['verified_by']>['method'];

/** Users whose e-mail or name matches q (all of them for an empty q), newest first. */
export async function searchUsers(api: ApiClient, q: string, signal?: AbortSignal): Promise<AdminUser[]> {
  const result = await call(api.GET('/api/v1/admin/users', { params: { query: { q } }, ...(signal ? { signal } : {}) }));
  return result.users;
}

/** Makes the user choose a new password at next sign-in; their sessions end now. */
export async function forcePasswordReset(api: ApiClient, id: string, body: StaffAction): Promise<void> {
  await call(api.POST('/api/v1/admin/users/{id}/force-password-reset', { params: { path: { id } }, body }));
}

/** E-mails the user a single-use reset link (202); staff never see the link. */
export async function sendResetLink(api: ApiClient, id: string, body: StaffAction): Promise<void> {
  await call(api.POST('/api/v1/admin/users/{id}/reset-link', { params: { path: { id } }, body, parseAs: 'text' }));
}

/** Ends every session the user has, on every device. */
export async function signOutEverywhere(api: ApiClient, id: string, body: StaffAction): Promise<void> {
  await call(api.DELETE('/api/v1/admin/users/{id}/sessions', { params: { path: { id } }, body }));
}

/** Lifts a sign-in lockout now, instead of at its end. */
export async function unlockUser(api: ApiClient, id: string, body: StaffAction): Promise<void> {
  await call(api.POST('/api/v1/admin/users/{id}/unlock', { params: { path: { id } }, body }));
}

/**
 * Removes every passkey of the user. For an administrator the server only files a
 * request that a second staff member must approve: the answer says which happened.
 */
export async function removeAllPasskeys(api: ApiClient, id: string, body: StaffAction): Promise<'removed' | 'pending_approval'> {
  const result = await call(api.DELETE('/api/v1/admin/users/{id}/passkeys', { params: { path: { id } }, body }));
  // 204 has no body; 202 carries the filed request.
  return result === undefined ? 'removed' : 'pending_approval';
}
