import { call, type ApiClient } from './client';
import type { LoginRequest, LoginResult } from './pending';

export type { LoginRequest, LoginResult };

/** Signs in with a password; throws ApiError with the server's problem on failure. */
export function login(api: ApiClient, body: LoginRequest): Promise<LoginResult> {
  return call(api.POST('/api/v1/auth/login', { body }));
}
