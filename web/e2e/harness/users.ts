import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ServerEnv } from './server';

/** The roles `vouch admin create-user` knows. */
export type Role = 'platform_admin' | 'support' | 'customer_admin' | 'supplier_user';

/** A user made for one test: nobody else signs in as it, so a test may change anything. */
export interface TestUser {
  email: string;
  password: string;
  role: Role;
  org: string | undefined;
}

export interface NewUser {
  role: Role;
  /** The org's name; customer_admin and supplier_user need one (created when missing). */
  org?: string;
  /** Goes into the e-mail's local part, to tell users apart in logs. */
  label?: string;
  password?: string;
}

/** The demo users `vouch seed demo` creates. Never change their passwords: both projects share them. */
export const demo = {
  customerAdmin: 'admin@acme.example',
  support: 'support@vouch.example',
  platformAdmin: 'ops@vouch.example',
} as const;

/** The password the seed gave a demo user (read from its output by global-setup.ts). */
export function demoPassword(email: string): string {
  const users = JSON.parse(process.env.VOUCH_E2E_DEMO_USERS ?? '{}') as Record<string, string | undefined>;
  const password = users[email];
  if (!password) throw new Error(`vouch seed demo printed no password for ${email} (see test-results/vouch-server.log)`);
  return password;
}

/** The binary and settings global-setup.ts started the server with. */
function harness(): { bin: string; env: ServerEnv } {
  const bin = process.env.VOUCH_E2E_BIN;
  const env = process.env.VOUCH_E2E_SERVER_ENV;
  if (!bin || !env) throw new Error('VOUCH_E2E_BIN or VOUCH_E2E_SERVER_ENV is unset: run the specs through `npm run e2e` (global-setup.ts)');
  return { bin, env: JSON.parse(env) as ServerEnv };
}

/**
 * A password the server's policy takes: long, several unrelated words, random, and
 * nothing of the e-mail in it.
 */
export function strongPassword(): string {
  return `Copper kettle ${randomBytes(4).toString('hex')} orbit meadow`;
}

/**
 * Creates a user through the server's own CLI (`vouch admin create-user … --password-stdin`)
 * against the database and kv the running server uses. The e-mail is unique per call, so
 * the desktop and phone projects, running in parallel on one server, never meet.
 */
export function createUser({ role, org, label, password = strongPassword() }: NewUser): TestUser {
  const { bin, env } = harness();
  const slug = (label ?? role).toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const email = `e2e-${slug}-${randomBytes(5).toString('hex')}@e2e.example`;
  const args = ['admin', 'create-user', '--email', email, '--role', role, ...(org ? ['--org', org] : []), '--password-stdin'];
  const result = spawnSync(bin, args, {
    env: { ...process.env, ...env },
    input: `${password}\n`,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) {
    const why = result.error?.message ?? `exit ${String(result.status ?? result.signal)}`;
    throw new Error(`vouch ${args.join(' ')} failed (${why}):\n${result.stdout}${result.stderr}`);
  }
  return { email, password, role, org };
}
