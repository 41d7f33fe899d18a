import type { components } from './schema';

/** An RFC 9457 problem as the server sends it (see the Problem schema in openapi.json). */
export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

const problemMediaType = 'application/problem+json';

/** A failed API call: the server's problem, or one made up for a failure without one. */
export class ApiError extends Error {
  readonly problem: Problem;
  /** Seconds the server asked to wait before trying again (Retry-After), when it said. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problemMessage(problem));
    this.name = 'ApiError';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** The sentence to show a person: the server's detail, else its title, else the status. */
export function problemMessage(problem: Problem): string {
  return problem.detail || problem.title || `The request failed (HTTP ${problem.status}).`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((e) =>
    isRecord(e) && typeof e.field === 'string' && typeof e.message === 'string'
      ? [{ field: e.field, message: e.message }]
      : [],
  );
}

/**
 * Reads a failed response into a Problem. Only an application/problem+json body is
 * trusted; anything else (a proxy's HTML error page, an empty body) becomes a generic
 * problem for the status, so callers always have something safe to show.
 */
export function toProblem(response: Response, body: unknown): Problem {
  const status = response.status;
  const generic: Problem = {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status,
    code: `http_${status}`,
    detail: `The server could not handle the request (HTTP ${status}). Please try again.`,
  };
  const mediaType = response.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== problemMediaType || !isRecord(body)) return generic;

  const text = (key: string): string | undefined => (typeof body[key] === 'string' ? body[key] : undefined);
  const problem: Problem = {
    type: text('type') ?? generic.type,
    title: text('title') ?? generic.title,
    status: typeof body.status === 'number' ? body.status : status,
    code: text('code') ?? generic.code,
  };
  const detail = text('detail');
  if (detail) problem.detail = detail;
  const instance = text('instance');
  if (instance) problem.instance = instance;
  const requestId = text('request_id');
  if (requestId) problem.request_id = requestId;
  const errors = fieldErrors(body.errors);
  if (errors?.length) problem.errors = errors;
  return problem;
}

/** The problem for a request that never got an answer (offline, DNS, connection reset). */
export function networkProblem(): Problem {
  return {
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    code: 'network_error',
    detail: 'Vouch could not be reached. Check your connection and try again.',
  };
}

/**
 * Reads a Retry-After header: delay-seconds or an HTTP date. Returns whole seconds from
 * now (at least 0), or undefined for a missing or unreadable value.
 */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  // An HTTP date names its day and month ("Tue, 24 Nov 2026 …"); Date.parse alone would
  // also read "-5" as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
