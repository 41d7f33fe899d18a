import { call, type ApiClient } from '../../api/client';
import type { components } from '../../api/schema';

/** One address blocked for tripping the rate limits again and again. */
export type IpBlock = components['schemas']['IPBlock'];

/** The current blocks, soonest to end first; a block that ended by itself is not listed. */
export async function listIpBlocks(api: ApiClient, signal?: AbortSignal): Promise<IpBlock[]> {
  const result = await call(api.GET('/api/v1/admin/ip-blocks', signal ? { signal } : {}));
  return result.blocks;
}

/** Ends a block at once; the reason goes into the audit log. */
export async function liftIpBlock(api: ApiClient, ip: string, reason: string): Promise<void> {
  // The client percent-encodes path parameters, so an IPv6 address's colons arrive intact.
  await call(api.DELETE('/api/v1/admin/ip-blocks/{ip}', { params: { path: { ip } }, body: { reason } }));
}
