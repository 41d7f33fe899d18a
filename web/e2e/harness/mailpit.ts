import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { webDir } from './binary';
import { exited, freePort, hasExited } from './server';

/** A running Mailpit: an SMTP sink with an HTTP API to read what arrived. */
export interface RunningMailpit {
  /** For VOUCH_SMTP_URL. */
  smtpURL: string;
  /** The HTTP API's base (…/api/v1/messages), for harness/mail.ts. */
  apiURL: string;
  stop(): Promise<void>;
}

export interface MailpitOptions {
  /** Where its database goes (a directory the caller removes). */
  dataDir: string;
  logFile: string;
}

const repoDir = resolve(webDir, '..');
const mailpitModule = 'github.com/axllent/mailpit';
const startTimeoutMs = 30_000;
const stopTimeoutMs = 10_000;

/** The Mailpit version go.mod pins (it is the module's Go tool). */
export function mailpitVersion(goMod: string = readFileSync(join(repoDir, 'go.mod'), 'utf8')): string {
  const match = /^\s*github\.com\/axllent\/mailpit\s+(v\S+)/m.exec(goMod);
  if (!match?.[1]) throw new Error(`go.mod does not require ${mailpitModule}: it is the mail sink e2e sends to`);
  return match[1];
}

/**
 * The Mailpit executable, built by `go build` from the version go.mod pins, so a fresh
 * machine needs only Go. It is kept under node_modules/.cache with the version in its
 * name: later runs reuse it, and a version bump builds the new one.
 */
export function mailpitBinary(): string {
  const version = mailpitVersion();
  const bin = resolve(webDir, 'node_modules/.cache/vouch-e2e', `mailpit-${version}`);
  if (existsSync(bin)) return bin;
  console.log(`e2e: building mailpit ${version} (go build ${mailpitModule})`);
  mkdirSync(dirname(bin), { recursive: true });
  execFileSync('go', ['build', '-o', bin, mailpitModule], { cwd: repoDir, stdio: 'inherit' });
  return bin;
}

/** Mailpit reads MP_* settings from the environment; a developer's own must not leak in. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MP_')));
}

function smtpAccepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}

async function httpReady(apiURL: string): Promise<boolean> {
  try {
    return (await fetch(`${apiURL}/readyz`)).ok;
  } catch {
    return false;
  }
}

/** Waits until both ports answer; false when the process died first (a port was taken). */
async function waitReady(child: ChildProcess, smtpPort: number, apiURL: string): Promise<boolean> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) return false;
    if ((await smtpAccepts(smtpPort)) && (await httpReady(apiURL))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`mailpit did not answer within ${startTimeoutMs / 1000} s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
  await exited(child);
  clearTimeout(timer);
}

/**
 * Starts Mailpit on two free loopback ports (SMTP and HTTP) with its database in
 * dataDir, and waits until both answer. A port taken between the probe and Mailpit's
 * bind makes it exit: it is tried again on new ports, twice.
 */
export async function startMailpit({ dataDir, logFile }: MailpitOptions): Promise<RunningMailpit> {
  const bin = mailpitBinary();
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  try {
    for (let attempt = 1; ; attempt++) {
      const smtpPort = await freePort();
      const httpPort = await freePort();
      const apiURL = `http://127.0.0.1:${httpPort}`;
      const args = [
        '--smtp', `127.0.0.1:${smtpPort}`,
        '--listen', `127.0.0.1:${httpPort}`,
        '--database', join(dataDir, `mailpit-${attempt}.db`),
        '--disable-version-check',
        '--smtp-disable-rdns',
        '--quiet',
      ];
      writeSync(log, `$ mailpit ${args.join(' ')}\n`);
      const child = spawn(bin, args, { env: cleanEnv(), stdio: ['ignore', log, log] });
      let ready: boolean;
      try {
        ready = await waitReady(child, smtpPort, apiURL);
      } catch (err) {
        await stopChild(child);
        throw new Error(`${String(err)}. Log (${logFile}):\n${readFileSync(logFile, 'utf8')}`);
      }
      if (ready) {
        return { smtpURL: `smtp://127.0.0.1:${smtpPort}`, apiURL, stop: () => stopChild(child) };
      }
      if (attempt >= 3) {
        throw new Error(`mailpit exited (${String(child.exitCode ?? child.signalCode)}). Log (${logFile}):\n${readFileSync(logFile, 'utf8')}`);
      }
    }
  } finally {
    closeSync(log);
  }
}
