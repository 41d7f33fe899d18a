import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getMe, logout, type Me } from '../api/auth';
import { useApi } from '../api/context';
import { ApiError } from '../api/problem';

/**
 * Who is signed in, as far as this page knows: `loading` until GET /me answers once,
 * then `signed-in` or `signed-out` (401). Any other failure (offline, 503) is `unknown`:
 * the person may well be signed in, so pages say so instead of sending them to sign in.
 * `byUser` marks a sign-out the person asked for, which leads home rather than to sign in.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; me: Me }
  | { status: 'signed-out'; byUser?: boolean }
  | { status: 'unknown'; error: ApiError };

export interface Session {
  state: SessionState;
  /** The signed-in person, when there is one. */
  me: Me | undefined;
  /** Asks GET /me again (after a password change, or to retry after `unknown`). */
  refresh: () => Promise<void>;
  /**
   * Checks, quietly, that a signed-in session is still alive (staff may have ended it, or
   * forced a reset): signed-out on 401, the fresh person otherwise. A failure without an
   * answer leaves the state alone, and a check within the last second is not repeated.
   */
  revalidate: () => Promise<void>;
  /** Records the person a sign-in answered with. */
  signedIn: (me: Me) => void;
  /** Records that the server no longer knows the session (a 401 from any call). */
  expired: () => void;
  /**
   * POST /auth/logout, then signed-out. A failed call throws and leaves the state alone:
   * the session may still be alive on the server, and the person must know that.
   */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** How recent a check must be for revalidate() to skip asking again. */
export const revalidateAfterMs = 1000;

function stateFrom(err: unknown): SessionState {
  if (err instanceof ApiError) return err.status === 401 ? { status: 'signed-out' } : { status: 'unknown', error: err };
  throw err;
}

/** Loads /me once when the app starts and shares the answer with the whole tree. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const started = useRef(false);
  // When the server last told us who is signed in (GET /me, or a sign-in's answer).
  const checkedAt = useRef(0);

  const refresh = useCallback(async () => {
    try {
      const me = await getMe(api);
      checkedAt.current = Date.now();
      setState({ status: 'signed-in', me });
    } catch (err) {
      checkedAt.current = Date.now();
      setState(stateFrom(err));
    }
  }, [api]);

  const revalidate = useCallback(async () => {
    if (Date.now() - checkedAt.current < revalidateAfterMs) return;
    checkedAt.current = Date.now();
    let me: Me;
    try {
      me = await getMe(api);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out' });
      return;
    }
    // The same answer keeps the same state object: nothing re-renders for nothing.
    setState((was) =>
      was.status === 'signed-in' && JSON.stringify(was.me) === JSON.stringify(me) ? was : { status: 'signed-in', me },
    );
  }, [api]);

  useEffect(() => {
    // Once per page load: StrictMode runs effects twice in development, refs survive.
    if (started.current) return;
    started.current = true;
    void refresh();
  }, [refresh]);

  const signedIn = useCallback((me: Me) => {
    checkedAt.current = Date.now();
    setState({ status: 'signed-in', me });
  }, []);
  const expired = useCallback(() => setState({ status: 'signed-out' }), []);
  const signOut = useCallback(async () => {
    await logout(api);
    setState({ status: 'signed-out', byUser: true });
  }, [api]);

  const value = useMemo<Session>(
    () => ({ state, me: state.status === 'signed-in' ? state.me : undefined, refresh, revalidate, signedIn, expired, signOut }),
    [state, refresh, revalidate, signedIn, expired, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session from the nearest SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider> above it');
  return session;
}
