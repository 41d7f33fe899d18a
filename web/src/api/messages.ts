import { ApiError, networkProblem } from './problem';

/**
 * What to tell a person when an API call fails, by the problem's stable `code`. Every
 * page uses errorMessage() so one failure reads the same everywhere. A code without an
 * entry falls back to the server's own detail, which is written to be shown.
 */
type MessageFor = string | ((err: ApiError) => string);

/** "30 seconds", "2 minutes", "about 1 hour": a Retry-After made readable. */
export function formatWait(seconds: number): string {
  if (seconds < 60) {
    const s = Math.max(1, Math.round(seconds));
    return `${s} ${s === 1 ? 'second' : 'seconds'}`;
  }
  if (seconds < 3600) {
    const m = Math.ceil(seconds / 60);
    return `${m} ${m === 1 ? 'minute' : 'minutes'}`;
  }
  const h = Math.round(seconds / 3600);
  return `about ${h} ${h === 1 ? 'hour' : 'hours'}`;
}

function tryAgain(err: ApiError, otherwise: string): string {
  return err.retryAfter === undefined ? otherwise : `Try again in ${formatWait(err.retryAfter)}.`;
}

export const messages: Readonly<Record<string, MessageFor>> = {
  invalid_credentials: "That e-mail and password don't match. Check both and try again.",
  csrf_failed: "Your browser's security token for Vouch was missing or out of date. Reload the page and try again.",
  rate_limited: (err) => `Too many attempts in a short time. ${tryAgain(err, 'Wait a few minutes, then try again.')}`,
  account_locked: (err) =>
    `This account is locked after too many failed sign-ins. ${tryAgain(err, 'Try again later, or ask your administrator to unlock it.')}`,
  ip_not_allowed:
    "Signing in from this network isn't allowed for your account. Connect from an approved network, or ask your administrator.",
  network_error: networkProblem().detail ?? 'Vouch could not be reached. Check your connection and try again.',
  unavailable: (err) =>
    `Vouch is temporarily unavailable. ${tryAgain(err, 'Please try again in a few minutes.')} Nothing you entered was saved.`,
  unauthenticated: 'Your session has ended. Sign in again to continue.',
  forbidden: "Your role doesn't allow this.",
  password_change_required: 'Choose a new password before you continue.',
  user_not_found: 'That user no longer exists, or is outside what you can manage.',
  // The server's detail says which rule the password broke; this is only the fallback.
  weak_password: (err) => err.problem.detail ?? 'Choose a stronger password.',
  invalid_input: 'Some fields need attention: see the messages next to them.',
  reset_link_invalid:
    'This reset link has expired, was already used, or the password was changed since it was sent. Ask for a new link: it works for 30 minutes.',
  passkey_invalid: "Vouch couldn't verify that passkey. Try again, or use another one.",
  ceremony_expired: 'The passkey request timed out or was already used. Try again.',
  malformed_webauthn: "Your browser sent a passkey answer Vouch couldn't read. Try again, or use another browser.",
  no_passkeys: 'Your account has no passkey yet. Add one on your account page first.',
  passkey_exists: 'This passkey is already on your account.',
  too_many_passkeys: 'Your account already has 20 passkeys, the most it can hold. Remove one you no longer use, then try again.',
  passkey_not_found: 'That passkey is no longer on your account.',
  session_not_found: 'That session has already ended.',
  ip_blocked: (err) =>
    `Too many requests from your network were refused, so Vouch blocks it for a while. ${tryAgain(err, 'Try again later, or ask your administrator.')}`,
  ip_block_not_found: 'That address is not blocked any more.',
  device_code_not_found: 'No device is waiting with that code. Check the code the desktop app shows, or start again there; codes work for 10 minutes.',
  device_decided: 'This device was already approved or denied. Start again in the desktop app if needed.',
  device_not_found: 'That device is already disconnected.',
  authorization_pending: 'Waiting for you to approve the device in your browser.',
  slow_down: 'The device asked too often; it waits a little longer.',
  expired_token: 'The device code expired. Start again in the desktop app.',
  access_denied: 'The device was refused.',
  step_up_required: "Confirm it's you first: Vouch asks again before sensitive changes.",
  invalid_code: "That code isn't right. Check the newest e-mail from Vouch and try again; after 5 wrong tries the code stops working.",
  code_expired: 'This code has expired, was already used, or was replaced by a newer one. Send a new code.',
  passkey_step_up_required: 'Your account has a passkey: confirm with your passkey instead of an e-mailed code.',
  recovery_link_invalid: 'This recovery link has expired or was already used. Ask for a new one: it must be opened within 1 hour.',
  recovery_cancelled:
    'This recovery was cancelled, by you or an administrator. Your passkeys stay as they are; talk to your administrator before starting again.',
  recovery_pending: 'A recovery of this account is already under way. Use the link from the e-mail that started it.',
  recovery_waiting: 'The waiting period is not over yet. Come back when it ends to finish the recovery.',
  recovery_not_found: 'That recovery is no longer waiting: it was finished or cancelled.',
  second_factor_required: 'Confirm it’s you with your passkey before you continue. Sign in again to get that step.',
  passkey_setup_required: 'Create a passkey before you continue. Sign in again to get that step.',
  second_factor_not_pending: 'This sign-in is already complete: there is no passkey to confirm.',
  org_not_found: 'That organization no longer exists, or is outside what you can manage.',
  four_eyes_required: 'You asked for this yourself, so another member of platform staff must approve it.',
  approval_not_found: 'Vouch found no such request, or it is not one you may act on.',
  approval_decided: 'Someone already approved or cancelled this request.',
  approval_expired: 'This request expired after 24 hours without a second approval. Ask again if it is still needed.',
  // Supplier onboarding: invitations, enrollment, profiles, documents, reviews.
  invitation_pending: 'An invitation to this address is already open. Resend it from the list instead of inviting again.',
  invitation_not_found: "This invitation link isn't valid. Check that you opened the whole link from the e-mail, or ask the customer for a new invitation.",
  invitation_used: 'This invitation was already used to create an account. Sign in instead, or ask the customer for a new invitation.',
  invitation_expired: 'This invitation has expired. Ask the customer who invited you to send it again.',
  invitation_revoked: 'This invitation was withdrawn by the customer who sent it. Contact them if you still expect to work together.',
  import_not_found: 'That import is no longer available. Upload the file again.',
  csv_missing_column: 'The file needs a header row with the columns email and supplier_name. Nothing was imported.',
  csv_too_large: 'The file is too large to import. Split it into smaller files and upload them one at a time. Nothing was imported.',
  csv_too_many_rows: 'The file has more than 50,000 rows, the most one import takes. Split it into smaller files. Nothing was imported.',
  csv_encoding: 'The file is not UTF-8 text. Save it again as "CSV UTF-8" and upload it. Nothing was imported.',
  csv_malformed: (err) => `The file could not be read as CSV${err.problem.detail ? ` (${err.problem.detail})` : ''}. Check its quotes and commas. Nothing was imported.`,
  unsupported_media_type: 'Vouch could not read that upload. Choose the file again and retry.',
  supplier_exists: 'A business with this legal name is already on Vouch. Check the name, or ask a colleague who already uses Vouch to add you.',
  email_taken: 'This e-mail address already has a Vouch account. Sign in with it instead.',
  profile_not_found: 'Vouch found no supplier profile for your account. Enroll from an invitation link first.',
  profile_locked: 'Your profile is being reviewed, so it cannot be changed now. You can change it again if a customer asks for more information.',
  illegal_transition: 'This is not possible in the current state: the page may be out of date. Reload it to see where things stand.',
  document_unsupported_type: 'Upload a PDF, PNG or JPEG file.',
  document_too_large: 'The file is larger than 10 MB. Upload a smaller scan or a compressed PDF.',
  document_empty: 'The file is empty. Choose the file again.',
  invalid_document_kind: 'Choose what kind of document this is.',
  too_many_documents: 'You have uploaded the most documents Vouch keeps for one supplier.',
  document_not_found: 'That document is no longer available.',
  supplier_not_found: 'That supplier is not in your review queue.',
  hit_not_found: 'That sanctions match is no longer open: it may have been cleared already. Reload the page.',
  second_approver_required: 'You gave the first approval, so another administrator of your organization must give the second.',
  // Bank accounts and alerts.
  // The server's detail names the new number; this is only the fallback.
  routing_number_replaced: (err) =>
    err.problem.detail ?? 'This routing number was replaced by a newer one. Ask your bank for the current number.',
  routing_number_unknown:
    "No bank uses this routing number in the Federal Reserve's directory. Check it on a check or a statement from your bank.",
  bank_account_not_found: 'That bank account is no longer on file. Reload the page to see your accounts.',
  // The detail says how many attempts are left ("2 attempts left").
  micro_deposits_mismatch: (err) =>
    err.problem.detail ?? "Those are not the amounts we sent. Check your bank statement and try again.",
  micro_deposits_locked:
    'Too many wrong amounts were entered, so this account can no longer be confirmed with deposits. Add the account again, or contact support.',
  micro_deposits_expired:
    'The two deposits were not confirmed within 10 days, so they expired. Add the account again to get new deposits.',
  micro_deposits_not_pending: 'This account is not waiting for deposit amounts any more. Reload the page to see its status.',
  bank_account_not_in_review:
    'This account is no longer waiting for a review: someone may have decided already. Reload the page to see its status.',
  alert_not_found: 'That alert no longer exists, or belongs to another organization.',
  alert_resolved: 'Someone already resolved this alert. The list has been updated.',
};

/** The sentence to show for a failed call, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong on this page. Reload it and try again.';
  const entry = messages[err.code] ?? (err.status === 503 ? messages.unavailable : undefined);
  if (entry === undefined) return err.message;
  return typeof entry === 'string' ? entry : entry(err);
}

/**
 * Server field messages that read badly after the field's label, rewritten. The key is
 * `field: message` as the server sends it.
 */
const fieldRewrites: Readonly<Record<string, string>> = {
  'current_password: is not your current password': "That isn't your current password. Check it and try again.",
};

/**
 * A server field error as a sentence: "is required" becomes "Reason is required.". A
 * message that already is a sentence (capitalised) is shown as it is.
 */
export function fieldMessage(field: string, label: string, message: string): string {
  const rewrite = fieldRewrites[`${field}: ${message}`];
  if (rewrite) return rewrite;
  const text = /^[a-z]/.test(message) ? `${label} ${message}` : message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
