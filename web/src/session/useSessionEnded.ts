import { useCallback } from 'react';
import { ApiError } from '../api/problem';
import { useSession } from './session';

export interface SessionEndedOptions {
  /**
   * Count a 401 only with the code `unauthenticated`, for pages whose own actions can
   * fail with another 401 (a passkey ceremony that expired): those stay the action's error.
   */
  unauthenticatedOnly?: boolean;
}

/**
 * One rule, shared by the signed-in pages, for an error that ends the page rather than the
 * action: a 401 marks the session expired (on to sign-in), a forced password change asks
 * /me again (on to the new password). The returned check is true when it did either.
 */
export function useSessionEnded({ unauthenticatedOnly = false }: SessionEndedOptions = {}) {
  const { expired, refresh } = useSession();
  return useCallback(
    (err: unknown): boolean => {
      if (!(err instanceof ApiError)) return false;
      if (err.status === 401 && (!unauthenticatedOnly || err.code === 'unauthenticated')) expired();
      else if (err.code === 'password_change_required') void refresh();
      else return false;
      return true;
    },
    [expired, refresh, unauthenticatedOnly],
  );
}
