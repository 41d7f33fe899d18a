import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Waits until the service worker is active and controls the page. */
async function controlled(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Every path kept in CacheStorage, across all caches. */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

test('the service worker keeps the app shell and never an API answer', async ({ page }) => {
  await page.goto('/');
  await controlled(page);
  // Traffic that passes through the worker: API reads and errors, health, a sign-in POST.
  await page.evaluate(async () => {
    for (const path of ['/api/v1/openapi.json', '/api/v1/nope', '/healthz', '/readyz', '/metrics']) await fetch(path);
  });
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill('nobody@example.com');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  const paths = await cachedPaths(page);
  expect(paths).toContain('/index.html');
  expect(paths.some((p) => p.startsWith('/assets/'))).toBe(true);
  expect(paths.filter((p) => /^\/(api\/|healthz|readyz|metrics)/.test(p))).toEqual([]);
});

test('offline, a page still opens from the cached shell', async ({ page, context }) => {
  await page.goto('/');
  await controlled(page);
  await context.setOffline(true);
  try {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

test('the web manifest makes Vouch installable', async ({ request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.ok()).toBe(true);
  const manifest = (await res.json()) as { name: string; display: string; start_url: string; icons: { src: string; sizes: string }[] };
  expect(manifest).toMatchObject({ name: 'Vouch', display: 'standalone', start_url: '/' });
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size);
    expect(icon, `a ${size} icon`).toBeDefined();
    const image = await request.get(icon?.src ?? '');
    expect(image.headers()['content-type']).toBe('image/png');
  }
});
