import { call, type ApiClient } from './client';
import type { components } from './schema';

export type ApiKey = components['schemas']['APIKey'];
/** A key as created: the secret is there, this once. */
export type CreatedApiKey = ApiKey & { key: string };

/** The org's live API keys, without their secrets. */
export async function listApiKeys(api: ApiClient): Promise<ApiKey[]> {
  const { api_keys } = await call(api.GET('/api/v1/api-keys'));
  return api_keys;
}

/**
 * Creates a key with the server's default scopes; the answer carries the secret once.
 * With an idempotency key, sending the same name again (after a lost answer) returns the
 * key the first request created instead of creating a second one.
 */
export async function createApiKey(api: ApiClient, name: string, idempotencyKey?: string): Promise<CreatedApiKey> {
  const headers: Record<string, string> = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
  const created = await call(api.POST('/api/v1/api-keys', { body: { name }, headers }));
  return { ...created, key: created.key ?? '' };
}

/** Revokes a key: it is refused from its next call on. */
export async function revokeApiKey(api: ApiClient, id: string): Promise<void> {
  await call(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));
}
