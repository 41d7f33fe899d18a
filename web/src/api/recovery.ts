import { call, type ApiClient } from './client';
import type { components } from './schema';

export type Recovery = components['schemas']['Recovery'];
export type RecoveryStarted = components['schemas']['RecoveryStarted'];

/** E-mails a recovery link to the address if it has an account with passkeys; always succeeds. */
export async function requestRecovery(api: ApiClient, email: string): Promise<void> {
  await call(api.POST('/api/v1/auth/recovery/request', { body: { email }, parseAs: 'text' }));
}

/** Starts the waiting period for a link (or shows the one it already started). */
export function startRecovery(api: ApiClient, token: string): Promise<RecoveryStarted> {
  return call(api.POST('/api/v1/auth/recovery/start', { body: { token } }));
}

/** Removes every passkey of the account once the waiting period is over. */
export async function completeRecovery(api: ApiClient, token: string): Promise<void> {
  await call(api.POST('/api/v1/auth/recovery/complete', { body: { token } }));
}

/** The waiting recovery of the signed-in user's own account, or null. */
export async function myRecovery(api: ApiClient): Promise<Recovery | null> {
  const { recovery } = await call(api.GET('/api/v1/me/recovery'));
  return recovery ?? null;
}

/** Cancels the waiting recovery of the signed-in user's own account. */
export async function cancelMyRecovery(api: ApiClient): Promise<void> {
  await call(api.DELETE('/api/v1/me/recovery'));
}

/** Waiting recoveries the caller may cancel. */
export async function listRecoveries(api: ApiClient): Promise<Recovery[]> {
  const { recoveries } = await call(api.GET('/api/v1/admin/recoveries'));
  return recoveries;
}

/** Cancels a waiting recovery, with the reason the audit log keeps. */
export async function cancelRecovery(api: ApiClient, id: string, reason: string): Promise<void> {
  await call(api.POST('/api/v1/admin/recoveries/{id}/cancel', { params: { path: { id } }, body: { reason } }));
}
