import { errorMessage, fieldMessage } from '../../api/messages';
import type { ApiError } from '../../api/problem';

/** The server's policy bounds (NIST 800-63B), in characters as people count them. */
export const minPasswordLength = 12;
export const maxPasswordLength = 128;

/** What the new-password field says about the policy, wherever a password is chosen. */
export const passwordRules = `Use ${minPasswordLength} to ${maxPasswordLength} characters. Not a common password, and not containing your e-mail address. A phrase of a few unrelated words is easy to remember and hard to guess.`;

export type NewPasswordField = 'next' | 'confirm';

export interface NewPasswordValues {
  next: string;
  confirm: string;
}

export type NewPasswordErrors = Partial<Record<NewPasswordField, string>>;

export const newPasswordLabels: Readonly<Record<NewPasswordField, string>> = {
  next: 'New password',
  confirm: 'Confirm new password',
};

/** What the checks may compare the new password with, when the page knows it. */
export interface NewPasswordContext {
  /** The account's e-mail: the password may not contain it. */
  email?: string | undefined;
  /** The current password: the new one must differ. */
  current?: string | undefined;
}

/**
 * The checks a new password and its confirmation get before the server sees them; the
 * server still applies the full policy (common and breached passwords, names).
 */
export function validateNewPassword(values: NewPasswordValues, { email, current }: NewPasswordContext = {}): NewPasswordErrors {
  const errors: NewPasswordErrors = {};
  // Characters as people count them (code points), as the server does.
  const length = Array.from(values.next).length;
  if (!values.next) errors.next = 'Enter a new password.';
  else if (length < minPasswordLength) errors.next = `Use at least ${minPasswordLength} characters (this one has ${length}).`;
  else if (length > maxPasswordLength) errors.next = `Use at most ${maxPasswordLength} characters (this one has ${length}).`;
  else if (email && values.next.toLowerCase().includes(email.toLowerCase())) errors.next = "Your new password can't contain your e-mail address.";
  else if (current && values.next === current) errors.next = 'Choose a password different from your current one.';
  if (!values.confirm) errors.confirm = 'Enter the new password again.';
  else if (!errors.next && values.confirm !== values.next) errors.confirm = "This doesn't match the new password. Type it again.";
  return errors;
}

/**
 * The server's refusal of a new password, for the field: weak_password carries the
 * reason in its detail, invalid_input names `new_password` in its field errors.
 */
export function newPasswordServerErrors(err: ApiError): NewPasswordErrors {
  const errors: NewPasswordErrors = {};
  if (err.code === 'weak_password') errors.next = errorMessage(err);
  for (const { field, message } of err.problem.errors ?? []) {
    if (field === 'new_password') errors.next = fieldMessage(field, newPasswordLabels.next, message);
  }
  return errors;
}
