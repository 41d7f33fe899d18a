import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '../api/auth';
import { errorMessage } from '../api/messages';
import { LoadFailed } from '../components/LoadFailed';
import { signInPath } from './redirect';
import { useSession } from './session';

/** Either the signed-in person, or what to show instead (a redirect, a wait, a failure). */
export type Gate = { me: Me; content?: never } | { me?: never; content: ReactNode };

export interface GateOptions {
  /** The change-password page itself stays open while a forced reset is pending. */
  allowPendingReset?: boolean;
}

/**
 * For pages that need a signed-in person: sends the signed-out to sign in (and back
 * here afterwards), and anyone with a forced reset pending to /change-password, which is
 * all the server lets them do. The page keeps rendering its own heading around `content`,
 * so focus and the document title stay put while the session loads.
 *
 * Each navigation to such a page checks the session again, in the background: a session
 * staff ended ("Sign out everywhere", a forced reset) then leads to sign in on the next
 * page, not only on the next reload.
 */
export function useSignedIn({ allowPendingReset = false }: GateOptions = {}): Gate {
  const session = useSession();
  const location = useLocation();
  const { state, revalidate } = session;
  const signedIn = state.status === 'signed-in';
  useEffect(() => {
    if (signedIn) void revalidate();
  }, [location.key, signedIn, revalidate]);
  switch (state.status) {
    case 'loading':
      return { content: <p className="gate__loading">Checking your session…</p> };
    case 'signed-out':
      // Signing out on a page that needs a session: home, as the header's button intends.
      if (state.byUser) return { content: <Navigate to="/" replace state={{ signedOut: true }} /> };
      return { content: <Navigate to={signInPath(`${location.pathname}${location.search}`)} replace /> };
    case 'unknown':
      return {
        content: (
          <LoadFailed
            title="Vouch could not check whether you are signed in"
            message={errorMessage(state.error)}
            onRetry={() => void session.refresh()}
          />
        ),
      };
    case 'signed-in':
      // A password sign-in that still owes its passkey finishes on the sign-in page.
      if (state.me.pending_step) return { content: <Navigate to="/sign-in" replace /> };
      if (state.me.must_change_password && !allowPendingReset) {
        return { content: <Navigate to="/change-password" replace /> };
      }
      return { me: state.me };
  }
}
