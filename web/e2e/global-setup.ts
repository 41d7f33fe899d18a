import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vouchBinary, webDir } from './harness/binary';
import { createTestDatabase } from './harness/database';
import { backendsFromEnv } from './harness/env';
import { startServer, type RunningServer } from './harness/server';

/** Where the server's output goes; outside Playwright's outputDir, which it empties. */
const serverLogFile = resolve(webDir, 'test-results/vouch-server.log');

/**
 * A binary compiled before the UI was built serves a placeholder page, and every UI test
 * would fail on it: say what is wrong once, here.
 */
async function assertServesUI(baseURL: string, bin: string): Promise<void> {
  const home = await fetch(baseURL).then((res) => res.text());
  if (!home.includes('<div id="root">')) {
    throw new Error(`${bin} was built without the web UI: run \`go tool task build\` (or delete it and e2e builds it)`);
  }
}

/**
 * Starts one real `vouch serve` for the whole run, on PostgreSQL (a fresh database) and
 * Redis, and hands its URL to the workers through VOUCH_E2E_BASE_URL (see fixtures.ts).
 * The returned function is Playwright's teardown: stop the server, drop the database.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const backends = backendsFromEnv();
  const bin = vouchBinary();
  const database = await createTestDatabase(backends.postgresAdminURL);
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-e2e-'));
  let server: RunningServer | undefined;
  const teardown = async () => {
    await server?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    server = await startServer({ bin, databaseURL: database.url, redisURL: backends.redisURL, dataDir, logFile: serverLogFile });
    await assertServesUI(server.baseURL, bin);
  } catch (err) {
    await teardown();
    throw err;
  }
  process.env.VOUCH_E2E_BASE_URL = server.baseURL;
  // For harness/users.ts in the workers: the same binary and settings as the server.
  process.env.VOUCH_E2E_BIN = bin;
  process.env.VOUCH_E2E_SERVER_ENV = JSON.stringify(server.env);
  process.env.VOUCH_E2E_DEMO_USERS = JSON.stringify(server.demoUsers);
  console.log(`e2e: vouch serve at ${server.baseURL} (log: ${serverLogFile})`);
  return teardown;
}
