import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** A running `vouch serve`. */
export interface RunningServer {
  baseURL: string;
  /** The VOUCH_* settings it runs with, for CLI commands against the same data. */
  env: ServerEnv;
  /** The demo accounts' passwords by e-mail, as `vouch seed demo` printed them. */
  demoUsers: Record<string, string>;
  stop(): Promise<void>;
}

/** The settings the harness gives every vouch command (serve, seed, admin). */
export type ServerEnv = Record<`VOUCH_${string}`, string>;

export interface ServerOptions {
  bin: string;
  databaseURL: string;
  redisURL: string;
  dataDir: string;
  logFile: string;
  /** smtp://host:port of a mail sink (harness/mailpit.ts); unset, mail goes to the log. */
  smtpURL?: string;
}

const readyTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;

/** A port the kernel just handed out, so free at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port from the probe listener'));
      });
    });
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolveExit) => child.once('exit', () => resolveExit()));
}

async function waitReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited(child)) break;
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const why = hasExited(child)
    ? `exited (${String(child.exitCode ?? child.signalCode)})`
    : `not ready after ${readyTimeoutMs / 1000} s (${last})`;
  throw new Error(`vouch serve ${why}. Log (${logFile}):\n${readFileSync(logFile, 'utf8')}`);
}

/**
 * The VOUCH_* settings for a server on port: the base URL uses localhost, not 127.0.0.1,
 * because WebAuthn refuses IP addresses as RP IDs. The browser counts as a trusted proxy,
 * so each test can present its own client address in X-Forwarded-For (fixtures.ts): the
 * server's per-address sign-in limits then apply per test, as they would per person,
 * instead of to every parallel test at once.
 */
export function serverEnv(opts: Omit<ServerOptions, 'bin' | 'logFile'>, port: number): ServerEnv {
  const env: ServerEnv = {
    VOUCH_ADDR: `127.0.0.1:${port}`,
    VOUCH_PUBLIC_URL: `http://localhost:${port}`,
    VOUCH_DATABASE_URL: opts.databaseURL,
    VOUCH_REDIS_URL: opts.redisURL,
    VOUCH_DATA_DIR: opts.dataDir,
    VOUCH_ENV: 'dev',
    VOUCH_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
  };
  if (opts.smtpURL) env.VOUCH_SMTP_URL = opts.smtpURL;
  return env;
}

/**
 * Reads the "Demo sign-ins:" table `vouch seed demo` prints (ROLE, E-MAIL, PASSWORD, ORG
 * columns), so the specs follow the seed instead of repeating its password.
 */
export function demoSignIns(stdout: string): Record<string, string> {
  const users: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^\s+[a-z_]+\s+(\S+@\S+)\s+(\S+)/.exec(line);
    if (match?.[1] && match[2]) users[match[1]] = match[2];
  }
  return users;
}

/**
 * Seeds the demo users, then starts `vouch serve` on a free port and waits for /readyz.
 * Both commands log to logFile.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const vouchEnv = serverEnv(opts, port);
  const env = { ...process.env, ...vouchEnv };
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = openSync(opts.logFile, 'w');
  try {
    writeSync(log, '$ vouch seed demo\n');
    // stdout is read (the demo sign-ins table), then copied to the log like the rest.
    const seed = spawnSync(opts.bin, ['seed', 'demo'], { env, stdio: ['ignore', 'pipe', log], encoding: 'utf8', timeout: readyTimeoutMs });
    writeSync(log, seed.stdout);
    if (seed.status !== 0) {
      const why = seed.error?.message ?? `exit ${String(seed.status ?? seed.signal)}`;
      throw new Error(`vouch seed demo failed (${why}). Log (${opts.logFile}):\n${readFileSync(opts.logFile, 'utf8')}`);
    }
    writeSync(log, '$ vouch serve\n');
    const child = spawn(opts.bin, ['serve'], { env, stdio: ['ignore', log, log] });
    try {
      await waitReady(baseURL, child, opts.logFile);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    return {
      baseURL,
      env: vouchEnv,
      demoUsers: demoSignIns(seed.stdout),
      async stop() {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        await exited(child);
        clearTimeout(timer);
      },
    };
  } finally {
    closeSync(log);
  }
}
