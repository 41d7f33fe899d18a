import type { StaffAction, VerificationMethod } from '../../api/admin';

export const maxReasonLength = 1000;
export const maxNoteLength = 1000;

/** What staff enter for any action on a user: why, and how a user's request was verified. */
export interface StaffActionValues {
  reason: string;
  /** '' when the request was not verified (or not made by the user). */
  method: VerificationMethod | '';
  note: string;
}

export type StaffActionErrors = Partial<Record<keyof StaffActionValues, string>>;

export const verificationMethods: readonly { value: VerificationMethod | ''; label: string }[] = [
  { value: '', label: 'Not applicable: the user did not ask for this' },
  { value: 'callback', label: 'Call-back to a number on file' },
  { value: 'ticket', label: 'Support ticket' },
  { value: 'in_person', label: 'In person' },
];

/** What the dialog checks before asking the server; the server checks again. */
export function validateStaffAction(values: StaffActionValues): StaffActionErrors {
  const errors: StaffActionErrors = {};
  const reason = values.reason.trim();
  if (!reason) errors.reason = 'Enter a reason: it goes into the audit log.';
  else if (reason.length > maxReasonLength) errors.reason = `Keep the reason to ${maxReasonLength.toLocaleString('en')} characters or fewer.`;
  const note = values.note.trim();
  if (note.length > maxNoteLength) errors.note = `Keep the note to ${maxNoteLength.toLocaleString('en')} characters or fewer.`;
  else if (note && !values.method) errors.method = 'Choose how you verified the request, or clear the note.';
  return errors;
}

/** The request body for valid values. */
export function toStaffAction(values: StaffActionValues): StaffAction {
  const action: StaffAction = { reason: values.reason.trim() };
  if (values.method) {
    const note = values.note.trim();
    action.verified_by = note ? { method: values.method, note } : { method: values.method };
  }
  return action;
}

/** Where the server's field names land in the dialog. */
export const serverFields: Readonly<Record<string, keyof StaffActionValues>> = {
  reason: 'reason',
  verified_by: 'method',
  'verified_by.method': 'method',
  'verified_by.note': 'note',
};
