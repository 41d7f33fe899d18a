import type { ReactNode } from 'react';
import { forcePasswordReset, sendResetLink, signOutEverywhere, type StaffAction } from '../../api/admin';
import type { ApiClient } from '../../api/client';

/** The actions staff take on a user from the users page, each through StaffActionDialog. */
export type StaffActionKind = 'force-reset' | 'reset-link' | 'sign-out';

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
  /** The API call. */
  run: (api: ApiClient, id: string, body: StaffAction) => Promise<void>;
  /** The page's confirmation afterwards. */
  done: (email: string) => string;
}

/** In the order the row shows them. */
export const staffActionKinds: readonly StaffActionKind[] = ['reset-link', 'force-reset', 'sign-out'];

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
};
