import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

/** The script public/sw.js imports; it names the shell's files and the cache version. */
const outputName = 'sw-precache.js';

/** Files the worker must not keep: itself (browsers fetch it fresh) and its manifest. */
const excluded = new Set(['sw.js', outputName]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * Writes sw-precache.js into the build: every emitted file (index.html and the hashed
 * assets) and every public file, with a version hashed from their names and contents.
 * The worker caches exactly that list, and a changed version replaces the old cache.
 */
export function swPrecache(): Plugin {
  let publicDir = '';
  return {
    name: 'vouch-sw-precache',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const contents = new Map<string, string | Uint8Array>();
      for (const [name, output] of Object.entries(bundle)) {
        if (!name.endsWith('.map')) contents.set(name, output.type === 'chunk' ? output.code : output.source);
      }
      for (const name of publicDir ? filesUnder(publicDir) : []) {
        contents.set(name, readFileSync(join(publicDir, name)));
      }

      const hash = createHash('sha256');
      const urls: string[] = [];
      for (const name of [...contents.keys()].sort()) {
        if (excluded.has(name)) continue;
        urls.push(`/${name}`);
        hash.update(`${name}\0`).update(contents.get(name) ?? '').update('\0');
      }
      const version = hash.digest('hex').slice(0, 16);
      this.emitFile({
        type: 'asset',
        fileName: outputName,
        source: `// Written by the build (build/sw-precache.ts); read by sw.js.\nself.VOUCH_PRECACHE = ${JSON.stringify({ version, urls }, null, 2)};\n`,
      });
    },
  };
}
