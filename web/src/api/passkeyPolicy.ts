import { call, type ApiClient } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];
export type RequirePasskeyUserInput = Schemas['RequirePasskeyUserInput'];
export type RequirePasskeyUser = Schemas['RequirePasskeyUser'];
export type OrgPasskeyPolicy = Schemas['OrgPasskeyPolicy'];
export type RequirePasskeyOrgInput = Schemas['RequirePasskeyOrgInput'];

/** Sets or clears one user's own passkey requirement (staff; audited with the reason). */
export function setUserRequirePasskey(api: ApiClient, id: string, body: RequirePasskeyUserInput): Promise<RequirePasskeyUser> {
  return call(api.PUT('/api/v1/admin/users/{id}/require-passkey', { params: { path: { id } }, body }));
}

/** Whether an org requires a passkey of every member (its own admins and platform admins). */
export function getOrgPasskeyPolicy(api: ApiClient, id: string, signal?: AbortSignal): Promise<OrgPasskeyPolicy> {
  return call(api.GET('/api/v1/admin/orgs/{id}/require-passkey', { params: { path: { id } }, ...(signal ? { signal } : {}) }));
}

/** Sets or clears an org's passkey requirement; members are e-mailed when it is turned on. */
export function setOrgPasskeyPolicy(api: ApiClient, id: string, body: RequirePasskeyOrgInput): Promise<OrgPasskeyPolicy> {
  return call(api.PUT('/api/v1/admin/orgs/{id}/require-passkey', { params: { path: { id } }, body }));
}
