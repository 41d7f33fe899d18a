import { ApiError, problemMessage, retryAfterSeconds, toProblem } from './problem';

function response(status: number, contentType: string): Response {
  return new Response(null, { status, headers: { 'Content-Type': contentType } });
}

describe('toProblem', () => {
  it('keeps the fields of an application/problem+json body', () => {
    const problem = toProblem(response(422, 'application/problem+json; charset=utf-8'), {
      type: 'https://vouch.dev/problems/invalid_input',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'Some fields are invalid.',
      code: 'invalid_input',
      request_id: 'req-1',
      errors: [{ field: 'email', message: 'Enter a valid email.' }, { field: 3 }],
    });
    expect(problem).toEqual({
      type: 'https://vouch.dev/problems/invalid_input',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'Some fields are invalid.',
      code: 'invalid_input',
      request_id: 'req-1',
      errors: [{ field: 'email', message: 'Enter a valid email.' }],
    });
  });

  it('fills what a problem leaves out from the response', () => {
    const problem = toProblem(response(404, 'application/problem+json'), { title: 'Not Found' });
    expect(problem).toMatchObject({ status: 404, code: 'http_404', title: 'Not Found' });
    expect(problemMessage(problem)).toBe('Not Found');
  });

  it('does not trust a body of another media type', () => {
    const problem = toProblem(response(502, 'text/html'), '<h1>Bad gateway</h1>');
    expect(problem).toMatchObject({ status: 502, code: 'http_502' });
    expect(problem.detail).toMatch(/HTTP 502/);
  });
});

describe('ApiError', () => {
  it('carries the problem and uses its detail as the message', () => {
    const err = new ApiError({ type: 'about:blank', title: 'Locked', status: 423, code: 'account_locked', detail: 'Try again in 15 minutes.' });
    expect(err.message).toBe('Try again in 15 minutes.');
    expect(err.status).toBe(423);
    expect(err.code).toBe('account_locked');
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Tue, 24 Nov 2026 10:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(retryAfterSeconds(null, now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds('-5', now)).toBeUndefined();
  });
});
