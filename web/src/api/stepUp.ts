import { call, type ApiClient } from './client';

/** E-mails the signed-in user a 6-digit code (for users without a working passkey); 409 passkey_step_up_required otherwise. */
export async function beginEmailStepUp(api: ApiClient): Promise<void> {
  await call(api.POST('/api/v1/auth/step-up/email/begin', { parseAs: 'text' }));
}

/** Checks the e-mailed code; on success the session counts as stepped up for 5 minutes. */
export async function finishEmailStepUp(api: ApiClient, code: string): Promise<void> {
  await call(api.POST('/api/v1/auth/step-up/email/finish', { body: { code } }));
}
