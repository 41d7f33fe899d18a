import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** web/, where npm runs; paths below are resolved from it. */
export const webDir = resolve(import.meta.dirname, '../..');
const repoDir = resolve(webDir, '..');

/**
 * The vouch binary to test: VOUCH_BIN (relative to web/), else ../bin/vouch. A missing one
 * is built, after the web UI it embeds: a binary without the UI would fail every page.
 */
export function vouchBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = resolve(webDir, env.VOUCH_BIN || '../bin/vouch');
  if (existsSync(bin)) return bin;
  if (!existsSync(resolve(webDir, 'dist/index.html'))) {
    console.log('e2e: building the web UI (npm run build)');
    execFileSync('npm', ['run', 'build'], { cwd: webDir, stdio: 'inherit' });
  }
  console.log(`e2e: building ${bin}`);
  execFileSync('go', ['build', '-o', bin, './server/cmd/vouch'], { cwd: repoDir, stdio: 'inherit' });
  return bin;
}
