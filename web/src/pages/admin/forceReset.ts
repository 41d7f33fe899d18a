import type { StaffAction, VerificationMethod } from '../../api/admin';

export const maxReasonLength = 1000;
export const maxNoteLength = 1000;

export interface ForceResetValues {
  reason: string;
  /** '' when the request was not verified (or not made by the user). */
  method: VerificationMethod | '';
  note: string;
}

export type ForceResetErrors = Partial<Record<keyof ForceResetValues, string>>;

export const verificationMethods: readonly { value: VerificationMethod | ''; label: string }[] = [
  { value: '', label: 'Not applicable: the reset was not requested by the user' },
  { value: 'callback', label: 'Call-back to a number on file' },
  { value: 'ticket', label: 'Support ticket' },
  { value: 'in_person', label: 'In person' },
];

/** What the dialog checks before asking the server; the server checks again. */
export function validateForceReset(values: ForceResetValues): ForceResetErrors {
  const errors: ForceResetErrors = {};
  const reason = values.reason.trim();
  if (!reason) errors.reason = 'Enter a reason: it goes into the audit log.';
  else if (reason.length > maxReasonLength) errors.reason = `Keep the reason to ${maxReasonLength.toLocaleString('en')} characters or fewer.`;
  const note = values.note.trim();
  if (note.length > maxNoteLength) errors.note = `Keep the note to ${maxNoteLength.toLocaleString('en')} characters or fewer.`;
  else if (note && !values.method) errors.method = 'Choose how you verified the request, or clear the note.';
  return errors;
}

/** The request body for valid values. */
export function toStaffAction(values: ForceResetValues): StaffAction {
  const action: StaffAction = { reason: values.reason.trim() };
  if (values.method) {
    const note = values.note.trim();
    action.verified_by = note ? { method: values.method, note } : { method: values.method };
  }
  return action;
}

/** Where the server's field names land in the dialog. */
export const serverFields: Readonly<Record<string, keyof ForceResetValues>> = {
  reason: 'reason',
  verified_by: 'method',
  'verified_by.method': 'method',
  'verified_by.note': 'note',
};
