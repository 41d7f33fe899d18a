import { call, type ApiClient } from './client';
import type { components } from './schema';

export type MySession = components['schemas']['Session'];

/** Where the signed-in user is signed in, newest first. */
export async function listMySessions(api: ApiClient): Promise<MySession[]> {
  const { sessions } = await call(api.GET('/api/v1/me/sessions'));
  return sessions;
}

/** Ends one of the signed-in user's sessions (404 session_not_found when already gone). */
export async function endMySession(api: ApiClient, id: string): Promise<void> {
  await call(api.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } }));
}
