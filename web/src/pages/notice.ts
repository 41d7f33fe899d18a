import { useLocation } from 'react-router';

/**
 * A notice another page left for this one in the history entry's state (`{ notice }`),
 * say after a password change. State, not the address: it is not shared with a link or
 * kept in bookmarks.
 */
export function useNotice(): string | undefined {
  const { state } = useLocation() as { state: unknown };
  if (typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string') {
    return state.notice;
  }
  return undefined;
}
