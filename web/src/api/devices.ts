import { call, type ApiClient } from './client';
import type { components } from './schema';

export type MyDevice = components['schemas']['Device'];
export type DeviceRequest = components['schemas']['DeviceRequest'];

/** The desktop devices connected to the signed-in person's account, newest first. */
export async function listMyDevices(api: ApiClient): Promise<MyDevice[]> {
  const { devices } = await call(api.GET('/api/v1/me/devices'));
  return devices;
}

/** Disconnects one device (404 device_not_found when already gone). */
export async function revokeMyDevice(api: ApiClient, id: string): Promise<void> {
  await call(api.DELETE('/api/v1/me/devices/{id}', { params: { path: { id } } }));
}

/** The request a device made, by the code it shows (404 device_code_not_found). */
export async function getDeviceRequest(api: ApiClient, userCode: string): Promise<DeviceRequest> {
  return call(api.GET('/api/v1/auth/device/{user_code}', { params: { path: { user_code: userCode } } }));
}

/** Approves or denies a device's request. */
export async function decideDevice(api: ApiClient, userCode: string, decision: 'approve' | 'deny'): Promise<void> {
  const params = { params: { path: { user_code: userCode } } };
  if (decision === 'approve') await call(api.POST('/api/v1/auth/device/{user_code}/approve', params));
  else await call(api.POST('/api/v1/auth/device/{user_code}/deny', params));
}
