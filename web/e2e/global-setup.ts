import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vouchBinary, webDir } from './harness/binary';
import { createTestDatabase } from './harness/database';
import { backendsFromEnv } from './harness/env';
import { startMailpit, type RunningMailpit } from './harness/mailpit';
import { startServer, type RunningServer } from './harness/server';

/** Where the server's output goes; outside Playwright's outputDir, which it empties. */
const serverLogFile = resolve(webDir, 'test-results/vouch-server.log');
const mailpitLogFile = resolve(webDir, 'test-results/mailpit.log');

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
 * Redis, sending its mail over SMTP to a real Mailpit, and hands both URLs to the workers
 * through VOUCH_E2E_BASE_URL (fixtures.ts) and VOUCH_E2E_MAILPIT_URL (harness/mail.ts).
 * The returned function is Playwright's teardown: stop the server and Mailpit, drop the
 * database.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const backends = backendsFromEnv();
  const bin = vouchBinary();
  const database = await createTestDatabase(backends.postgresAdminURL);
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-e2e-'));
  const mailDir = mkdtempSync(join(tmpdir(), 'vouch-e2e-mail-'));
  let server: RunningServer | undefined;
  let mailpit: RunningMailpit | undefined;
  const teardown = async () => {
    await server?.stop();
    await mailpit?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(mailDir, { recursive: true, force: true });
  };

  try {
    mailpit = await startMailpit({ dataDir: mailDir, logFile: mailpitLogFile });
    server = await startServer({
      bin,
      databaseURL: database.url,
      redisURL: backends.redisURL,
      dataDir,
      logFile: serverLogFile,
      smtpURL: mailpit.smtpURL,
    });
    await assertServesUI(server.baseURL, bin);
  } catch (err) {
    await teardown();
    throw err;
  }
  process.env.VOUCH_E2E_BASE_URL = server.baseURL;
  process.env.VOUCH_E2E_MAILPIT_URL = mailpit.apiURL;
  // For harness/users.ts in the workers: the same binary and settings as the server.
  process.env.VOUCH_E2E_BIN = bin;
  process.env.VOUCH_E2E_SERVER_ENV = JSON.stringify(server.env);
  process.env.VOUCH_E2E_DEMO_USERS = JSON.stringify(server.demoUsers);
  console.log(`e2e: vouch serve at ${server.baseURL} (log: ${serverLogFile}), mail to Mailpit at ${mailpit.apiURL}`);
  return teardown;
}
