import { call, type ApiClient } from '../../api/client';
import type { components } from '../../api/schema';

export type Approval = components['schemas']['Approval'];

/** Four-eyes requests still waiting, oldest first. */
export async function listApprovals(api: ApiClient, signal?: AbortSignal): Promise<Approval[]> {
  const result = await call(api.GET('/api/v1/admin/approvals', signal ? { signal } : {}));
  return result.approvals;
}

/** Gives the second yes; the server runs the action at once. */
export async function approve(api: ApiClient, id: string): Promise<Approval> {
  return call(api.POST('/api/v1/admin/approvals/{approval_id}/approve', { params: { path: { approval_id: id } } }));
}

/** Withdraws a pending request; the reason goes into the audit log. */
export async function cancelApproval(api: ApiClient, id: string, reason: string): Promise<void> {
  await call(
    api.POST('/api/v1/admin/approvals/{approval_id}/cancel', { params: { path: { approval_id: id } }, body: { reason } }),
  );
}
