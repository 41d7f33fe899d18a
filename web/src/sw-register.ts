/**
 * Registers public/sw.js, which keeps the app shell for offline use. After load, so the
 * worker's precache downloads do not compete with the first paint. Failure is not fatal:
 * the app works the same without it (some webviews have no service workers at all).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((err: unknown) => {
      console.warn('service worker registration failed', err);
    });
  });
}
