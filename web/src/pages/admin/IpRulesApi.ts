import { call, type ApiClient } from '../../api/client';
import type { components } from '../../api/schema';

export type IpRule = components['schemas']['IPRule'];

/** The rules of one list and the caller's own address, as the server sees it. */
export interface IpRuleList {
  rules: IpRule[];
  yourIp: string;
}

/** Which allowlist a screen edits: the site's, or one user's. */
export type IpRuleScope = { kind: 'site' } | { kind: 'user'; userId: string };

/** The rules of a list, oldest first; an empty list allows every address. */
export async function listIpRules(api: ApiClient, scope: IpRuleScope, signal?: AbortSignal): Promise<IpRuleList> {
  const opts = signal ? { signal } : {};
  const result =
    scope.kind === 'site'
      ? await call(api.GET('/api/v1/admin/ip-rules', opts))
      : await call(api.GET('/api/v1/admin/users/{id}/ip-rules', { params: { path: { id: scope.userId } }, ...opts }));
  return { rules: result.rules, yourIp: result.your_ip };
}

/** Allows a CIDR on the list; the server canonicalises it (10.1.2.3/8 → 10.0.0.0/8). */
export async function addIpRule(api: ApiClient, scope: IpRuleScope, cidr: string, note: string): Promise<IpRule> {
  const body = { cidr, note };
  return scope.kind === 'site'
    ? call(api.POST('/api/v1/admin/ip-rules', { body }))
    : call(api.POST('/api/v1/admin/users/{id}/ip-rules', { params: { path: { id: scope.userId } }, body }));
}

/** Removes one rule from the list. */
export async function removeIpRule(api: ApiClient, scope: IpRuleScope, ruleId: string): Promise<void> {
  if (scope.kind === 'site') {
    await call(api.DELETE('/api/v1/admin/ip-rules/{rule_id}', { params: { path: { rule_id: ruleId } } }));
  } else {
    await call(
      api.DELETE('/api/v1/admin/users/{id}/ip-rules/{rule_id}', { params: { path: { id: scope.userId, rule_id: ruleId } } }),
    );
  }
}
