import { call, type ApiClient } from '../../api/client';
import type { components } from '../../api/schema';

export type AuditEvent = components['schemas']['AuditEvent'];
export type AuditVerdict = components['schemas']['AuditVerdict'];

/** The audit list's filters, as the API names them; empty strings are left out. */
export interface AuditFilter {
  actor_id?: string;
  target_id?: string;
  org_id?: string;
  /** A prefix: `user.` matches every user event. */
  action?: string;
  /** RFC 3339, inclusive. */
  from?: string;
  /** RFC 3339, exclusive. */
  to?: string;
}

/** How many events one page asks for. */
export const auditPageSize = 50;

/** The filter without its empty fields, ready to be a query. */
export function auditQuery(filter: AuditFilter): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    const v = typeof value === 'string' ? value.trim() : '';
    if (v) query[key] = v;
  }
  return query;
}

/** One page of events, newest first; `beforeSeq` continues after the last one seen. */
export async function listAudit(
  api: ApiClient,
  filter: AuditFilter,
  beforeSeq?: number,
  signal?: AbortSignal,
): Promise<AuditEvent[]> {
  const query = { ...auditQuery(filter), limit: auditPageSize, ...(beforeSeq === undefined ? {} : { before_seq: beforeSeq }) };
  const result = await call(api.GET('/api/v1/admin/audit', { params: { query }, ...(signal ? { signal } : {}) }));
  // The operation also documents its CSV form; without format=csv the answer is JSON.
  if (typeof result === 'string') throw new Error('The audit log answered CSV where JSON was asked for.');
  return result.events;
}

/** The CSV export of every event the filter matches (a plain link: the browser downloads it). */
export function auditCsvHref(filter: AuditFilter): string {
  const params = new URLSearchParams({ ...auditQuery(filter), format: 'csv' });
  return `/api/v1/admin/audit?${params.toString()}`;
}

/** Recomputes the hash chain (platform admins). */
export async function verifyAudit(api: ApiClient): Promise<AuditVerdict> {
  return call(api.GET('/api/v1/admin/audit/verify'));
}
