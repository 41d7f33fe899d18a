import { expect, test } from './fixtures';

test('the page is served with a strict CSP and nosniff', async ({ request }) => {
  const res = await request.get('/');
  expect(res.status()).toBe(200);
  const headers = res.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
});

test('an unknown API path is a problem+json 404, not the app', async ({ request }) => {
  const res = await request.get('/api/v1/nope');
  expect(res.status()).toBe(404);
  expect(res.headers()['content-type']).toMatch(/^application\/problem\+json/);
  expect(await res.json()).toMatchObject({ status: 404 });
});
