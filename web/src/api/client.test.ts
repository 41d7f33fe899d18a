import { login } from './auth';
import { call, createApiClient } from './client';
import { ApiError } from './problem';

const problem404 = {
  type: 'https://vouch.dev/problems/not_found',
  title: 'Not Found',
  status: 404,
  code: 'not_found',
  detail: 'No route for POST /api/v1/auth/login.',
};

function problemResponse(body: object, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });
}

function clearCookie(name: string) {
  document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
}

afterEach(() => {
  clearCookie('vouch_csrf');
});

describe('API client', () => {
  it('turns a problem+json answer into an ApiError', async () => {
    document.cookie = 'vouch_csrf=token-1; path=/';
    const api = createApiClient({ fetch: () => Promise.resolve(problemResponse(problem404, 404)) });
    const err: unknown = await login(api, { email: 'a@example.com', password: 'pw' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).problem).toMatchObject({ status: 404, code: 'not_found' });
    expect((err as ApiError).message).toBe(problem404.detail);
  });

  it('echoes the vouch_csrf cookie on a state-changing request', async () => {
    document.cookie = 'vouch_csrf=token-2; path=/';
    const seen: Request[] = [];
    const api = createApiClient({
      fetch: (input) => {
        seen.push(input as Request);
        return Promise.resolve(Response.json({ user: { id: 'u1', email: 'a@example.com' }, next: 'done' }));
      },
    });
    await expect(login(api, { email: 'a@example.com', password: 'pw' })).resolves.toMatchObject({ next: 'done' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.get('X-CSRF-Token')).toBe('token-2');
  });

  it('asks for a CSRF cookie first when it has none', async () => {
    const seen: string[] = [];
    const api = createApiClient({
      fetch: (input) => {
        const request = input as Request;
        seen.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get('X-CSRF-Token') ?? '-'}`);
        if (request.method === 'GET') {
          document.cookie = 'vouch_csrf=fresh; path=/'; // what the server's Set-Cookie does
          return Promise.resolve(new Response(null, { status: 204 }));
        }
        return Promise.resolve(problemResponse({ ...problem404, status: 401, code: 'invalid_credentials' }, 401));
      },
    });
    await expect(login(api, { email: 'a@example.com', password: 'pw' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(seen).toEqual(['GET /api/v1/auth/csrf -', 'POST /api/v1/auth/login fresh']);
  });

  it('reports a request that got no answer as a network problem', async () => {
    const api = createApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(call(api.GET('/healthz'))).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });
});

describe('call', () => {
  it('keeps the Retry-After of a failed answer', async () => {
    const api = createApiClient({
      fetch: () =>
        Promise.resolve(
          new Response(JSON.stringify({ ...problem404, status: 429, code: 'rate_limited' }), {
            status: 429,
            headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' },
          }),
        ),
    });
    await expect(call(api.GET('/api/v1/me'))).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 30 });
  });
});
