import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiError, networkProblem, retryAfterSeconds, toProblem } from './problem';

const csrfCookie = 'vouch_csrf';
const csrfHeader = 'X-CSRF-Token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The document lists the CSRF header as a required parameter of every state-changing
 * operation; the middleware below sets it, so callers never pass it.
 */
type WithoutCsrfHeader<Operation> = Operation extends { parameters: { header: { [csrfHeader]: string } } }
  ? Omit<Operation, 'parameters'> & {
      parameters: Omit<Operation['parameters'], 'header'> & {
        header?: Omit<Operation['parameters']['header'], typeof csrfHeader>;
      };
    }
  : Operation;

export type ApiPaths = { [Path in keyof paths]: { [Key in keyof paths[Path]]: WithoutCsrfHeader<paths[Path][Key]> } };
export type ApiClient = Client<ApiPaths>;

/** Reads one cookie visible to scripts; the CSRF cookie is readable by design. */
function readCookie(name: string): string | undefined {
  for (const pair of document.cookie.split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Double-submit CSRF: every state-changing request echoes the vouch_csrf cookie in a
 * header. A client without the cookie yet asks GET /api/v1/auth/csrf for one first.
 * Without a token the request still goes, and the server's 403 csrf_failed is shown.
 */
function csrf(fetchToken: () => Promise<unknown>): Middleware {
  return {
    async onRequest({ request }) {
      if (safeMethods.has(request.method)) return undefined;
      if (!readCookie(csrfCookie)) await fetchToken();
      const token = readCookie(csrfCookie);
      if (token) request.headers.set(csrfHeader, token);
      return request;
    },
  };
}

export interface ApiClientOptions {
  /** Replaces window.fetch (tests). */
  fetch?: typeof fetch;
}

/**
 * The typed API client. Paths are relative to the page's origin, so the same build works
 * behind the server, the dev proxy and the desktop app's own proxy.
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<ApiPaths>({
    baseUrl: window.location.origin,
    headers: { Accept: 'application/json, application/problem+json' },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(csrf(() => client.GET('/api/v1/auth/csrf')));
  return client;
}

type Result<D> =
  | { data: D; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * Awaits a client call and returns its data, or throws an ApiError carrying the
 * server's problem (and its Retry-After, when sent); a request that never got an answer
 * throws a network problem.
 */
export async function call<D>(request: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await request;
  } catch (err) {
    // fetch rejects with a TypeError exactly when no response arrived.
    if (err instanceof TypeError) throw new ApiError(networkProblem());
    throw err;
  }
  if (!result.response.ok) {
    const retryAfter = retryAfterSeconds(result.response.headers.get('Retry-After'));
    throw new ApiError(toProblem(result.response, result.error), retryAfter);
  }
  return result.data as D;
}
