import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { Me } from '../api/auth';
import { createApiClient } from '../api/client';
import { ApiProvider } from '../api/context';
import { SessionProvider } from '../session/session';

/** Answers one request; `request` is what the client sent. */
export type Handler = (request: Request) => Response | Promise<Response>;

/** A problem+json answer, as the server writes them. */
export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return Response.json(
    { type: `https://vouch.dev/problems/${code}`, title: 'Problem', status, code, ...extra },
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );
}

export const noContent = () => new Response(null, { status: 204 });

/**
 * A stand-in for the server: handlers by "METHOD /path" (no query), and every request
 * seen, in order, as "METHOD /path?query". Unknown routes answer a problem 404.
 */
export function fakeServer(handlers: Record<string, Handler>) {
  const seen: { line: string; request: Request; body: unknown }[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const request = input as Request;
    const url = new URL(request.url);
    const body: unknown = request.method === 'GET' ? undefined : await request.clone().json().catch(() => undefined);
    seen.push({ line: `${request.method} ${url.pathname}${url.search}`, request, body });
    const handler = handlers[`${request.method} ${url.pathname}`];
    return handler ? handler(request) : problem(404, 'not_found');
  };
  return {
    api: createApiClient({ fetch }),
    seen,
    /** The request lines seen, without the CSRF fetches. */
    calls: () => seen.map((s) => s.line),
    /** The JSON body of the last request to "METHOD /path". */
    bodyOf: (line: string) => seen.filter((s) => s.line.startsWith(line)).at(-1)?.body,
  };
}

export const meFixture: Me = {
  id: 'usr_1',
  email: 'ada@acme.example',
  name: 'Ada Lovelace',
  roles: ['customer_admin'],
  org: { id: 'org_1', kind: 'customer', name: 'Acme Corp' },
  must_change_password: false,
  require_passkey: false,
};

/** GET /me answering this person (or 401 for undefined). */
export function meHandler(me: Me | undefined): Handler {
  return () => (me ? Response.json(me) : problem(401, 'unauthenticated'));
}

function entryOf(path: string): { pathname: string; search: string } {
  const url = new URL(path, 'http://test.invalid');
  return { pathname: url.pathname, search: url.search };
}

/** Shows where the router is, for tests that check a navigation. */
function WhereAmI() {
  const location = useLocation();
  return (
    <div data-testid="location" data-state={JSON.stringify(location.state ?? null)}>
      {location.pathname}
      {location.search}
    </div>
  );
}

/**
 * Renders routes with a fake server, a session and a memory router at `path` (with
 * history `state`, as another page's navigate() leaves it). Other paths render
 * "elsewhere"; the location is shown in data-testid="location" so a test can see where a
 * redirect went.
 */
export function renderRoutes(
  routes: Record<string, ReactNode>,
  { path, handlers, state }: { path: string; handlers: Record<string, Handler>; state?: unknown },
): RenderResult & ReturnType<typeof fakeServer> {
  document.cookie = 'vouch_csrf=test-token; path=/';
  const server = fakeServer(handlers);
  const result = render(
    <ApiProvider client={server.api}>
      <SessionProvider>
        <MemoryRouter initialEntries={[state === undefined ? path : { ...entryOf(path), state }]}>
          <Routes>
            {Object.entries(routes).map(([p, element]) => (
              <Route key={p} path={p} element={element} />
            ))}
            <Route path="*" element={<p>elsewhere</p>} />
          </Routes>
          <WhereAmI />
        </MemoryRouter>
      </SessionProvider>
    </ApiProvider>,
  );
  return { ...result, ...server };
}
