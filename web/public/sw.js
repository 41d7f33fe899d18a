/*
 * Vouch's service worker: keeps the app shell so the portal opens offline and installs as
 * an app. It never stores API or operational answers: those carry account data and
 * live state that must come from the server or not at all.
 *
 * The build writes /sw-precache.js (see vite.config.ts) with the shell's file list and a
 * version derived from their contents. Browsers compare imported scripts byte for byte
 * when checking for an update, so every build with a change installs a fresh worker,
 * which drops the caches of older versions when it activates.
 */
/* global VOUCH_PRECACHE */
importScripts('/sw-precache.js');

const CACHE_PREFIX = 'vouch-shell-';
const CACHE = CACHE_PREFIX + VOUCH_PRECACHE.version;
const SHELL = '/index.html';

/** Paths whose answers must never be cached: the API and the operational endpoints. */
function neverCached(pathname) {
  return (
    pathname.startsWith('/api/') ||
    pathname === '/healthz' ||
    pathname === '/readyz' ||
    pathname === '/metrics'
  );
}

const precached = new Set(VOUCH_PRECACHE.urls.filter((url) => !neverCached(url)));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // cache: 'reload' skips the HTTP cache, so the shell stored is the deployed one.
      .then((cache) => cache.addAll([...precached].map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** Pages: the network first, so a deploy shows at once; the cached shell when offline. */
async function navigate(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const shell = await caches.match(SHELL, { cacheName: CACHE });
    if (shell) return shell;
    throw err;
  }
}

/** Shell files: hashed names never change content, so the cache answers first. */
async function fromShell(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Leaving the request alone lets the browser fetch it as if no worker were here.
  if (url.origin !== self.location.origin || neverCached(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
  } else if (precached.has(url.pathname)) {
    event.respondWith(fromShell(request));
  }
});
