import type { ReactNode } from 'react';
import {
  forcePasswordReset,
  removeAllPasskeys,
  sendResetLink,
  signOutEverywhere,
  unlockUser,
  type AdminUser,
  type StaffAction,
} from '../../api/admin';
import type { ApiClient } from '../../api/client';
import { setUserRequirePasskey } from '../../api/passkeyPolicy';

/** The actions staff take on a user from the users page, each through StaffActionDialog. */
export type StaffActionKind =
  | 'force-reset'
  | 'reset-link'
  | 'sign-out'
  | 'unlock'
  | 'remove-passkeys'
  | 'require-passkey'
  | 'unrequire-passkey';

/** What an action ended in, when the server may not have done it at once (four eyes). */
export type StaffActionOutcome = 'done' | 'pending_approval';

export interface StaffActionSpec {
  /** The row's button (with "for <e-mail>" for screen readers) and the dialog's submit. */
  label: string;
  /** The dialog's heading, which names it. */
  title: string;
  /** The submit button while the request runs. */
  busy: string;
  /** The title of the alert when the server refuses. */
  failed: string;
  /** What will happen, for the user's e-mail (already marked up). */
  explain: (email: ReactNode) => ReactNode;
  /** The API call; it resolves to 'pending_approval' when the server only filed a four-eyes request. */
  run: (api: ApiClient, id: string, body: StaffAction) => Promise<unknown>;
  /** The page's confirmation afterwards. */
  done: (email: string, outcome: StaffActionOutcome) => string;
  /** Whether the row offers the action for this user (default: always). */
  shows?: (user: AdminUser) => boolean;
  /** How the row's user changes once the server confirmed it. */
  patch?: (user: AdminUser) => Partial<AdminUser>;
}

/** Sets the user's own passkey requirement (docs/decisions/0016-second-factor.md). */
function requirePasskey(on: boolean) {
  return async (api: ApiClient, id: string, body: StaffAction): Promise<void> => {
    await setUserRequirePasskey(api, id, { ...body, require_passkey: on });
  };
}

/** Whether a sign-in lockout of the user is still running. */
export function isLocked(user: AdminUser, now = Date.now()): boolean {
  return user.locked_until !== null && Date.parse(user.locked_until) > now;
}

/** In the order the row shows them. */
export const staffActionKinds: readonly StaffActionKind[] = [
  'reset-link',
  'force-reset',
  'sign-out',
  'unlock',
  'remove-passkeys',
  'require-passkey',
  'unrequire-passkey',
];

export const staffActions: Readonly<Record<StaffActionKind, StaffActionSpec>> = {
  'reset-link': {
    label: 'Send reset link',
    title: 'Send a password reset link',
    busy: 'Sending…',
    failed: 'The link was not sent',
    explain: (email) => (
      <>
        Vouch e-mails {email} a link to choose a new password. The link works once, for 30 minutes, and is never shown
        to you. Their current password keeps working until they use it.
      </>
    ),
    run: sendResetLink,
    done: (email) => `A reset link was e-mailed to ${email}.`,
  },
  'force-reset': {
    label: 'Force password reset',
    title: 'Force a password reset',
    busy: 'Resetting…',
    failed: 'The reset was not done',
    explain: (email) => (
      <>{email} will have to choose a new password at their next sign-in, and every session they have open ends now.</>
    ),
    run: forcePasswordReset,
    done: (email) => `${email} must choose a new password at next sign-in; their sessions were ended.`,
  },
  'sign-out': {
    label: 'Sign out everywhere',
    title: 'Sign the user out everywhere',
    busy: 'Signing out…',
    failed: 'The sessions were not ended',
    explain: (email) => (
      <>
        {email} is signed out of Vouch now, in every browser and on every device. Their password stays the same, so
        they can sign in again: to keep them out, force a password reset instead.
      </>
    ),
    run: signOutEverywhere,
    done: (email) => `${email} was signed out on every device.`,
  },
  unlock: {
    label: 'Unlock',
    title: 'Unlock sign-in',
    busy: 'Unlocking…',
    failed: 'The account was not unlocked',
    explain: (email) => (
      <>
        {email} was locked after too many wrong passwords. Unlocking lets them try again now instead of waiting. If you
        think someone else is guessing their password, force a password reset instead.
      </>
    ),
    run: unlockUser,
    done: (email) => `${email} can sign in again.`,
    shows: (user) => isLocked(user),
    patch: () => ({ locked_until: null }),
  },
  'remove-passkeys': {
    label: 'Remove passkeys',
    title: 'Remove every passkey',
    busy: 'Removing…',
    failed: 'The passkeys were not removed',
    explain: (email) => (
      <>
        Every passkey of {email} stops working, on every device, for example after they lost their phone. They sign in
        with their password and can add a new passkey. For an administrator, a second member of platform staff must
        approve this first. Vouch e-mails them about it.
      </>
    ),
    run: removeAllPasskeys,
    done: (email, outcome) =>
      outcome === 'pending_approval'
        ? `Removing the passkeys of ${email} now waits for a second staff member's approval.`
        : `Every passkey of ${email} was removed.`,
  },
  'require-passkey': {
    label: 'Require passkey',
    title: 'Require a passkey after the password',
    busy: 'Saving…',
    failed: 'The passkey was not required',
    explain: (email) => (
      <>
        From their next sign-in with a password, {email} must also confirm with one of their passkeys. If they have none
        yet, Vouch has them create one first and e-mails them that it was added. Sessions open now stay open. Vouch
        e-mails them about this change.
      </>
    ),
    run: requirePasskey(true),
    done: (email) => `${email} must now confirm sign-ins with a passkey.`,
    shows: (user) => !user.require_passkey_user,
    patch: () => ({ require_passkey: true, require_passkey_user: true }),
  },
  'unrequire-passkey': {
    label: 'Stop requiring passkey',
    title: 'Stop requiring a passkey',
    busy: 'Saving…',
    failed: 'The requirement was not lifted',
    explain: (email) => (
      <>
        {email} will no longer need a passkey after their password, unless their organization requires one for everyone.
        Their passkeys keep working. Vouch e-mails them about this change.
      </>
    ),
    run: requirePasskey(false),
    done: (email) => `${email} no longer needs a passkey of their own.`,
    shows: (user) => user.require_passkey_user,
    patch: () => ({ require_passkey_user: false }),
  },
};
