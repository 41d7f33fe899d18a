import { errorMessage, fieldMessage, formatWait, messages } from './messages';
import { ApiError, networkProblem, type Problem } from './problem';

function apiError(status: number, code: string, extra: Partial<Problem> = {}, retryAfter?: number): ApiError {
  return new ApiError({ type: 'about:blank', title: 'T', status, code, ...extra }, retryAfter);
}

describe('errorMessage', () => {
  it('says plainly that the e-mail and password do not match', () => {
    expect(errorMessage(apiError(401, 'invalid_credentials', { detail: 'The e-mail address or password is not right.' }))).toBe(
      "That e-mail and password don't match. Check both and try again.",
    );
  });

  it('tells a CSRF failure to reload', () => {
    expect(errorMessage(apiError(403, 'csrf_failed'))).toMatch(/Reload the page and try again/);
  });

  it('uses Retry-After for rate limits, lockouts and outages', () => {
    expect(errorMessage(apiError(429, 'rate_limited', {}, 90))).toBe('Too many attempts in a short time. Try again in 2 minutes.');
    expect(errorMessage(apiError(429, 'rate_limited'))).toBe('Too many attempts in a short time. Wait a few minutes, then try again.');
    expect(errorMessage(apiError(423, 'account_locked', {}, 30))).toMatch(/locked .* Try again in 30 seconds\.$/);
    expect(errorMessage(apiError(423, 'account_locked'))).toMatch(/ask your administrator to unlock it/);
    expect(errorMessage(apiError(503, 'unavailable', {}, 5))).toMatch(/^Vouch is temporarily unavailable\. Try again in 5 seconds\./);
  });

  it('explains passkey failures in plain words', () => {
    expect(errorMessage(apiError(401, 'passkey_invalid'))).toBe("Vouch couldn't verify that passkey. Try again, or use another one.");
    expect(errorMessage(apiError(401, 'ceremony_expired'))).toBe('The passkey request timed out or was already used. Try again.');
    expect(errorMessage(apiError(400, 'malformed_webauthn'))).toMatch(/^Your browser sent a passkey answer Vouch couldn't read/);
    expect(errorMessage(apiError(409, 'no_passkeys'))).toMatch(/^Your account has no passkey yet/);
    expect(errorMessage(apiError(403, 'second_factor_required'))).toMatch(/^Confirm it’s you with your passkey/);
    expect(errorMessage(apiError(403, 'passkey_setup_required'))).toMatch(/^Create a passkey before you continue/);
    expect(errorMessage(apiError(409, 'second_factor_not_pending'))).toMatch(/already complete/);
    expect(errorMessage(apiError(404, 'org_not_found'))).toMatch(/organization no longer exists/);
  });

  it('treats any 503 as the service being unavailable', () => {
    expect(errorMessage(apiError(503, 'http_503'))).toMatch(/temporarily unavailable/);
  });

  it('explains an IP rule and a network failure', () => {
    expect(errorMessage(apiError(403, 'ip_not_allowed'))).toMatch(/network isn't allowed/);
    expect(errorMessage(new ApiError(networkProblem()))).toBe('Vouch could not be reached. Check your connection and try again.');
  });

  it("shows the server's reason for a weak password", () => {
    expect(errorMessage(apiError(422, 'weak_password', { detail: 'This password is on a list of commonly used passwords.' }))).toBe(
      'This password is on a list of commonly used passwords.',
    );
    expect(errorMessage(apiError(422, 'weak_password'))).toBe('Choose a stronger password.');
  });

  it("falls back to the server's detail for a code it does not know", () => {
    expect(errorMessage(apiError(409, 'would_lock_out_self', { detail: 'That rule would lock you out.' }))).toBe(
      'That rule would lock you out.',
    );
  });

  it('has something to say for a thrown non-API error', () => {
    expect(errorMessage(new Error('boom'))).toMatch(/Something went wrong/);
  });

  it('has an entry for every code the sign-in and admin pages meet', () => {
    for (const code of ['invalid_credentials', 'csrf_failed', 'rate_limited', 'account_locked', 'ip_not_allowed', 'network_error', 'unavailable', 'unauthenticated', 'forbidden', 'password_change_required', 'user_not_found', 'weak_password', 'invalid_input']) {
      expect(messages[code], code).toBeDefined();
    }
  });
});

describe('formatWait', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [3599, '60 minutes'],
    [3600, 'about 1 hour'],
    [7200, 'about 2 hours'],
  ])('%i s reads "%s"', (seconds, text) => {
    expect(formatWait(seconds)).toBe(text);
  });
});

describe('fieldMessage', () => {
  it('puts the label before a fragment and ends the sentence', () => {
    expect(fieldMessage('reason', 'Reason', 'is required: say why, it goes into the audit log')).toBe(
      'Reason is required: say why, it goes into the audit log.',
    );
  });

  it('keeps a whole sentence as it is', () => {
    expect(fieldMessage('email', 'Email address', 'Enter a valid email.')).toBe('Enter a valid email.');
  });

  it('rewrites messages that read badly after the label', () => {
    expect(fieldMessage('current_password', 'Current password', 'is not your current password')).toBe(
      "That isn't your current password. Check it and try again.",
    );
  });
});
