import type { Role } from '../api/auth';

/** Each role in plain words. */
export const roleLabels: Readonly<Record<Role, string>> = {
  platform_admin: 'Platform administrator',
  support: 'Support staff',
  customer_admin: 'Customer administrator',
  supplier_user: 'Supplier user',
};

/** Roles that may search users and act on them (the server checks again). */
const userManagers: ReadonlySet<Role> = new Set(['platform_admin', 'support', 'customer_admin']);

/** A role in plain words; a role this build does not know yet is shown as sent. */
export function roleLabel(role: string): string {
  return (roleLabels as Readonly<Record<string, string | undefined>>)[role] ?? role.replaceAll('_', ' ');
}

export function canManageUsers(roles: readonly Role[]): boolean {
  return roles.some((role) => userManagers.has(role));
}

/** "Customer administrator and Supplier user": roles as a phrase. */
export function rolesInWords(roles: readonly string[]): string {
  const words = roles.map(roleLabel);
  if (words.length <= 1) return words[0] ?? 'No role';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/** Only a customer administrator creates and revokes the org's API keys (the server checks again). */
export function canManageApiKeys(roles: readonly Role[]): boolean {
  return roles.includes('customer_admin');
}

/** Who may set an organization's passkey rule: its own customer admins, and platform admins (the server checks again). */
export function canSetOrgPolicy(roles: readonly Role[]): boolean {
  return roles.includes('customer_admin') || roles.includes('platform_admin');
}

/** Only a platform administrator keeps the site-wide IP allowlist and verifies the audit chain. */
export function isPlatformAdmin(roles: readonly Role[]): boolean {
  return roles.includes('platform_admin');
}

/** Platform staff (admins and support) review four-eyes requests (the server checks again). */
export function isPlatformStaff(roles: readonly Role[]): boolean {
  return roles.includes('platform_admin') || roles.includes('support');
}

/** Customer administrators invite suppliers and review them (the server checks again). */
export function canReviewSuppliers(roles: readonly Role[]): boolean {
  return roles.includes('customer_admin');
}

/** A supplier's own people fill in its onboarding (the server checks again). */
export function isSupplierUser(roles: readonly Role[]): boolean {
  return roles.includes('supplier_user');
}
