import { ApiError } from '../../api/problem';
import { newPasswordServerErrors, validateNewPassword } from './newPassword';

const good = 'copper kettle orbit meadow';

describe('validateNewPassword', () => {
  it('needs no context: a reset knows neither the e-mail nor the current password', () => {
    expect(validateNewPassword({ next: '', confirm: '' })).toEqual({
      next: 'Enter a new password.',
      confirm: 'Enter the new password again.',
    });
    expect(validateNewPassword({ next: good, confirm: good })).toEqual({});
    expect(validateNewPassword({ next: 'x'.repeat(11), confirm: 'x'.repeat(11) }).next).toBe('Use at least 12 characters (this one has 11).');
  });

  it('uses the context when given', () => {
    expect(validateNewPassword({ next: 'ada@acme.example rules', confirm: '' }, { email: 'ada@acme.example' }).next).toBe(
      "Your new password can't contain your e-mail address.",
    );
    expect(validateNewPassword({ next: good, confirm: good }, { current: good }).next).toMatch(/different/);
  });

  it('only compares the confirmation with a new password that passed', () => {
    expect(validateNewPassword({ next: 'short', confirm: 'other' })).toEqual({ next: 'Use at least 12 characters (this one has 5).' });
  });
});

describe('newPasswordServerErrors', () => {
  const problem = (code: string, extra = {}) => new ApiError({ type: 'about:blank', title: 'x', status: 422, code, ...extra });

  it("puts weak_password's detail on the new password", () => {
    expect(newPasswordServerErrors(problem('weak_password', { detail: 'Too common.' }))).toEqual({ next: 'Too common.' });
  });

  it('maps new_password field errors, and nothing else', () => {
    expect(
      newPasswordServerErrors(
        problem('invalid_input', {
          errors: [
            { field: 'new_password', message: 'is required' },
            { field: 'token', message: 'is required' },
          ],
        }),
      ),
    ).toEqual({ next: 'New password is required.' });
  });
});
