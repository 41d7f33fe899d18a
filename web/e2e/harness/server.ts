import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** A running `vouch serve`. */
export interface RunningServer {
  baseURL: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  bin: string;
  databaseURL: string;
  redisURL: string;
  dataDir: string;
  logFile: string;
}

const readyTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;

/** A port the kernel just handed out, so free at this moment. */
function freePort(): Promise<number> {
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

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess): Promise<void> {
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
 * Seeds the demo users, then starts `vouch serve` on a free port and waits for /readyz.
 * The base URL uses localhost, not 127.0.0.1: WebAuthn refuses IP addresses as RP IDs.
 * Both commands log to logFile.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env = {
    ...process.env,
    VOUCH_ADDR: `127.0.0.1:${port}`,
    VOUCH_PUBLIC_URL: baseURL,
    VOUCH_DATABASE_URL: opts.databaseURL,
    VOUCH_REDIS_URL: opts.redisURL,
    VOUCH_DATA_DIR: opts.dataDir,
    VOUCH_ENV: 'dev',
  };
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = openSync(opts.logFile, 'w');
  try {
    writeSync(log, '$ vouch seed demo\n');
    const seed = spawnSync(opts.bin, ['seed', 'demo'], { env, stdio: ['ignore', log, log], timeout: readyTimeoutMs });
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
