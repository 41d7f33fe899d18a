import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database made for one test run, and the way to drop it. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(adminURL: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminURL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates vouch_e2e_<random> next to the admin URL's database, so each run starts empty
 * and parallel runs on one machine never meet.
 */
export async function createTestDatabase(adminURL: string): Promise<TestDatabase> {
  const name = `vouch_e2e_${randomBytes(6).toString('hex')}`;
  // The name is ours and made of [a-z0-9_], so quoting it is enough.
  await admin(adminURL, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminURL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends the connections a killed server may have left behind.
    drop: () => admin(adminURL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
