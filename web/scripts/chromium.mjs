import { existsSync } from 'node:fs';

/**
 * Debian's Chromium. The real binary, when present: the /usr/bin/chromium wrapper script
 * prints a shell warning on every start. Playwright never downloads a browser here.
 */
export function chromiumPath() {
  const real = '/usr/lib/chromium/chromium';
  return existsSync(real) ? real : '/usr/bin/chromium';
}

/** Flags for a quiet, reproducible headless run on a CI machine without a GPU or network. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
